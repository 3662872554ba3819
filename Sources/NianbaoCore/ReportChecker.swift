import Foundation

/// Reads and checks one submitted file: the whole of `nianbaod check`, and the daemon's work.
///
/// Pure: no files, no logging. Give it the bytes; it returns a ``CheckResult`` and never throws or
/// traps on bad input.
public struct ReportChecker: Sendable {
    public let options: CheckOptions
    private let readers: [SourceKind: any DocumentReader]

    /// - Parameters:
    ///   - options: language, severity overrides and size limit.
    ///   - readers: readers for kinds other than text (Word, HTML, PDF), from `NianbaoReaders`.
    public init(options: CheckOptions = CheckOptions(), readers: [any DocumentReader] = []) {
        self.options = options
        var byKind: [SourceKind: any DocumentReader] = [:]
        for reader in readers { byKind[reader.kind] = reader }
        self.readers = byKind
    }

    /// Checks a file's bytes.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - name: the file name as it arrived.
    ///   - inbox: the inbox folder, or `nil` outside the daemon.
    ///   - now: the time written as `processed_at`.
    public func check(bytes: [UInt8], name: String, inbox: String? = nil, now: Date = Date()) -> CheckResult {
        let started = DispatchTime.now().uptimeNanoseconds
        var source = SourceInfo(
            name: name, inbox: inbox, sha256: SHA256.hex(bytes), bytes: bytes.count, kind: nil, encoding: nil)
        let outcome: Result<SourceDocument, ReadFailure>
        if bytes.count > options.sizeLimit {
            outcome = .failure(Self.tooLargeFailure(size: bytes.count, limit: options.sizeLimit))
        } else {
            outcome = read(bytes, name: name)
        }
        switch outcome {
        case .failure(let failure):
            return finish(source: source, report: nil, findings: [finding(for: failure)], started: started, now: now)
        case .success(let document):
            source.kind = document.kind
            source.encoding = document.encoding
            let (report, findings) = analyse(document)
            return finish(source: source, report: report, findings: findings, started: started, now: now)
        }
    }

    /// Checks a document that was already read (used by tests and other sources).
    public func check(document: SourceDocument, source: SourceInfo, now: Date = Date()) -> CheckResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let (report, findings) = analyse(document)
        return finish(source: source, report: report, findings: findings, started: started, now: now)
    }

    /// The result for a file that was refused before reading (too large, not a regular file, a
    /// symbolic link…): verdict rejected, `report` null.
    public func refused(source: SourceInfo, failure: ReadFailure, now: Date = Date()) -> CheckResult {
        finish(source: source, report: nil, findings: [finding(for: failure)], started: nil, now: now)
    }

    /// The most text (UTF-8 bytes, after decoding or extraction) a report is read for: 512 KiB,
    /// about 170,000 Chinese characters. A real annual report has a few thousand to some tens of
    /// thousands of characters; a file with far more text is something else, and reading it would
    /// cost time and memory in proportion (a 4 MB line of numbers took 1.2 GB to recognize).
    public static let maxTextBytes = 512 * 1024

    /// The failure for a file whose text is far longer than a report's.
    public static func tooMuchTextFailure(size: Int, limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "文件中的文字约有\(size)字节，超过\(limit)字节的上限，远超一份政府信息公开工作年度报告的篇幅（通常不到10万字节）。"
                + "请确认提交的是年度报告本身，而不是汇编、数据表或其他文件。",
            en: "The file holds about \(size) bytes of text, over the limit of \(limit) bytes and far more than an "
                + "annual report (usually under 100,000 bytes). Check that the file is the annual report itself, not a "
                + "compilation, a data sheet or another document.")
    }

    /// The failure for a file over the size limit.
    public static func tooLargeFailure(size: Int, limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "文件大小为\(size)字节，超过\(limit)字节的上限。请删去图片等无关内容后重新提交，或联系管理员调整上限。",
            en: "The file is \(size) bytes, over the limit of \(limit) bytes. Remove images or other bulk and "
                + "submit again, or ask the administrator to raise the limit.")
    }

    // MARK: - Steps

    /// Why a file that was taken for text could not be read as text.
    static let notTextFailure = ReadFailure(
        code: .unreadable,
        zh: "文件内容无法识别为文本（不是UTF-8、GB18030/GBK或UTF-16编码），也不是Word、网页或PDF文件。"
            + "请另存为.docx、PDF或UTF-8文本后重新提交。",
        en: "The file is not text in UTF-8, GB18030/GBK or UTF-16, nor a Word, web page or PDF file. "
            + "Save it as .docx, PDF or UTF-8 text and submit again.")

    func read(_ bytes: [UInt8], name: String) -> Result<SourceDocument, ReadFailure> {
        switch ContentSniffer.sniff(bytes) {
        case .text: return readText(bytes, name: name)
        case .html: return readWith(.html, bytes, name: name)
        case .zip: return readWith(.docx, bytes, name: name)
        case .pdf: return readWith(.pdf, bytes, name: name)
        case .legacyOffice:
            return .failure(ReadFailure(
                code: .unsupportedType,
                zh: "这是旧版Word/WPS格式（.doc/.wps），无法自动读取。请在Word或WPS中“另存为”.docx或导出为PDF后重新提交。",
                en: "This is a legacy Word/WPS file (.doc/.wps), which cannot be read. Save it as .docx or "
                    + "export it to PDF and submit again."))
        case .image(let type):
            return .failure(ReadFailure(
                code: .unsupportedType,
                zh: "这是一张\(type)图片，无法读取其中的表格数字。请提交报告的.docx或PDF文件。",
                en: "This is a \(type) image; its tables cannot be read. Submit the report as .docx or PDF."))
        case .binary:
            return .failure(ReadFailure(
                code: .unsupportedType, zh: "不支持的文件类型。请提交.docx、PDF、网页或文本文件。",
                en: "Unsupported file type. Submit a .docx, PDF, web page or text file."))
        }
    }

    private func readWith(_ kind: SourceKind, _ bytes: [UInt8], name: String) -> Result<SourceDocument, ReadFailure> {
        guard let reader = readers[kind] else {
            if kind == .html, let decoded = TextDecoder.decode(bytes) { return layout(decoded, name: name) }
            return .failure(ReadFailure(
                code: .unsupportedType,
                zh: "暂不支持读取\(kind.rawValue)文件。请提交文本格式的报告。",
                en: "Reading \(kind.rawValue) files is not available here. Submit the report as text."))
        }
        let document: SourceDocument
        do {
            document = try reader.read(bytes, name: name)
        } catch {
            return .failure(error)
        }
        // The text a reader extracted, each cell with one byte for what separated it.
        let size = document.lines.reduce(0) { total, line in line.cells.reduce(total) { $0 + $1.utf8.count + 1 } }
        if size > Self.maxTextBytes { return .failure(Self.tooMuchTextFailure(size: size, limit: Self.maxTextBytes)) }
        return .success(document)
    }

    /// Reads a file taken for text: UTF-8 without a mark (most files) is laid out from the file's own
    /// bytes, as the text ``TextDecoder/decode(_:)`` would make of them, without making that text;
    /// other encodings are decoded first. `decoded` is called once the encoding is settled and the
    /// text judged to be text (the benchmark's stage clock laps there).
    func readText(_ bytes: [UInt8], name: String, decoded: () -> Void = {}) -> Result<SourceDocument, ReadFailure> {
        bytes.withUnsafeBufferPointer { buffer in
            if let counts = TextDecoder.unmarkedUTF8Counts(buffer) {
                guard TextDecoder.isPlausible(counts) else { return .failure(Self.notTextFailure) }
                decoded()
                return layout(buffer, encoding: "utf-8", name: name)
            }
            guard let text = TextDecoder.decode(bytes) else { return .failure(Self.notTextFailure) }
            decoded()
            return layout(text, name: name)
        }
    }

    /// Lays out decoded text (see ``layout(_:encoding:name:)``).
    private func layout(_ decoded: TextDecoder.Decoded, name: String) -> Result<SourceDocument, ReadFailure> {
        var text = decoded.text
        return text.withUTF8 { layout($0, encoding: decoded.encoding, name: name) }
    }

    /// Lays out UTF-8 text, unless it is over ``maxTextBytes``: refused before the layout, whose
    /// cost grows with the text.
    private func layout(_ utf8: UnsafeBufferPointer<UInt8>, encoding: String, name: String) -> Result<SourceDocument, ReadFailure> {
        if utf8.count > Self.maxTextBytes { return .failure(Self.tooMuchTextFailure(size: utf8.count, limit: Self.maxTextBytes)) }
        return .success(TextLayoutReader.read(bytes: utf8, encoding: encoding, name: name))
    }

    func analyse(_ document: SourceDocument) -> (Report, [Finding]) {
        var recognizer = ReportRecognizer(document: document)
        let report = recognizer.recognize()
        var findings = recognizer.findings
        findings += ReportChecks(report: report, evidence: recognizer.evidence).run()
        return (report, findings)
    }

    private func finding(for failure: ReadFailure) -> Finding {
        Finding(code: failure.code, location: nil, zh: failure.zh, en: failure.en)
    }

    func finish(source: SourceInfo, report: Report?, findings: [Finding], started: UInt64?, now: Date)
        -> CheckResult
    {
        var adjusted = findings
        for index in adjusted.indices {
            if let override = options.severityOverrides[adjusted[index].code] { adjusted[index].severity = override }
        }
        // Most severe first; the order of the checks within a severity.
        let ordered = adjusted.enumerated().sorted {
            $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
        }.map(\.element)
        let elapsed = started.map { Double(DispatchTime.now().uptimeNanoseconds - $0) / 1_000_000 } ?? 0
        return CheckResult(
            source: source, report: report, findings: ordered, processedAt: now, durationMs: elapsed,
            language: options.language)
    }
}
