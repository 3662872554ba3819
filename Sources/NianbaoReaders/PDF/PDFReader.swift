import NianbaoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads PDF files through `pdftotext -layout` (Debian package poppler-utils).
///
/// The bytes go to a private temporary file (mode 0600, removed afterwards); `pdftotext` runs as a
/// child process with a time limit and an output cap. Each line of its output becomes a line of
/// the document, split into cells at runs of two or more spaces (how `-layout` separates columns).
/// A PDF whose end marker `%%EOF` is missing is refused as truncated before anything runs.
public struct PDFReader: DocumentReader {
    public var kind: SourceKind { .pdf }
    /// The bounds applied to the child process.
    public var limits: ReaderLimits
    /// The `pdftotext` program to run; `nil` searches `PATH`, `/usr/bin` and `/usr/local/bin`.
    public var pdftotextPath: String?

    /// - Parameters:
    ///   - limits: time and output limits for `pdftotext`.
    ///   - pdftotextPath: the program to run, or `nil` to search for it.
    public init(limits: ReaderLimits = ReaderLimits(), pdftotextPath: String? = nil) {
        self.limits = limits
        self.pdftotextPath = pdftotextPath
    }

    /// Whether `pdftotext` is installed where this reader looks for it.
    public var isAvailable: Bool { locate() != nil }

    /// Reads a PDF's text into lines of cells.
    /// - Throws: ``ReadFailure`` when `pdftotext` is missing, the PDF is truncated, damaged,
    ///   encrypted or holds no text, or extraction runs out of time.
    public func read(_ bytes: [UInt8], name: String) throws(ReadFailure) -> SourceDocument {
        guard let program = locate() else { throw ReaderFailures.pdftotextMissing(searched: searchedPlaces) }
        guard Self.hasEndMarker(bytes) else { throw ReaderFailures.truncatedPDF }
        let file = try TemporaryFile(bytes)
        defer { file.remove() }
        let child = ChildProcess(
            executable: program, arguments: ["-layout", "-enc", "UTF-8", file.path, "-"],
            timeoutSeconds: limits.childTimeoutSeconds, maxOutputBytes: limits.maxChildOutputBytes)
        switch child.run() {
        case .failedToStart(let code):
            throw ReaderFailures.pdfToolFailed(detail: String(cString: strerror(code)))
        case .timedOut:
            throw ReaderFailures.pdfTimeout(seconds: limits.childTimeoutSeconds)
        case .outputTooLarge:
            throw ReaderFailures.pdfOutputTooLarge(limit: limits.maxChildOutputBytes)
        case .exited(let status, let stdout, let stderr):
            guard status == 0 else {
                let message =
                    String(decoding: stderr, as: UTF8.self)
                    .split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
                throw ReaderFailures.corruptPDF(detail: message)
            }
            let lines = Self.lines(String(decoding: stdout, as: UTF8.self))
            guard lines.contains(where: { $0.cells.contains { !$0.isEmpty } }) else {
                throw ReaderFailures.pdfWithoutText
            }
            return SourceDocument(lines: lines, kind: .pdf, encoding: nil, publishedMetadata: nil)
        }
    }

    /// Splits `pdftotext -layout` output into lines and cells (runs of 2+ spaces separate cells).
    static func lines(_ text: String) -> [SourceLine] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> SourceLine in
            let cleaned = line.replacingOccurrences(of: "\u{0C}", with: "")
            return SourceLine(cells: cells(of: cleaned))
        }
        while let last = lines.last, last.cells == [""] { lines.removeLast() }
        return lines
    }

    /// The fields of one line: separated by two or more spaces, each trimmed.
    static func cells(of line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var spaces = 0
        for character in line {
            if character == " " || character == "\t" {
                spaces += character == "\t" ? 2 : 1
                continue
            }
            if spaces >= 2, !current.isEmpty {
                cells.append(current)
                current = ""
            } else if spaces == 1, !current.isEmpty {
                current.append(" ")
            }
            spaces = 0
            current.append(character)
        }
        if !current.isEmpty || cells.isEmpty { cells.append(current) }
        return cells
    }

    /// Whether `%%EOF` occurs in the last 2 KiB, as at the end of every complete PDF.
    static func hasEndMarker(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(2048)
        let marker = Array("%%EOF".utf8)
        guard tail.count >= marker.count else { return false }
        var index = tail.startIndex
        while index + marker.count <= tail.endIndex {
            if tail[index] == 0x25, Array(tail[index..<index + marker.count]) == marker { return true }
            index += 1
        }
        return false
    }

    private var searchedPlaces: String {
        pdftotextPath ?? "PATH, /usr/bin, /usr/local/bin"
    }

    private func locate() -> String? {
        if let pdftotextPath { return access(pdftotextPath, X_OK) == 0 ? pdftotextPath : nil }
        var directories = (getenv("PATH").map { String(cString: $0) } ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/bin", "/usr/local/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/pdftotext"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
