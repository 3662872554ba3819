import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

/// A PDF made on this machine by Debian's python3-reportlab (with its built-in STSong-Light CJK
/// font; poppler-data maps it back to Unicode) and read back through `pdftotext -layout`.
enum ReportlabPDF {
    static let python = "/usr/bin/python3"

    /// Whether python3-reportlab and pdftotext are installed.
    static let available: Bool = {
        guard PDFReader().isAvailable, FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run(python, ["-c", "import reportlab"]).status) == 0
    }()

    static let skipMessage =
        "needs pdftotext and reportlab: apt-get install poppler-utils poppler-data python3-reportlab"

    static let script = """
        import json, sys
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib import colors
        pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
        style = ParagraphStyle('zh', fontName='STSong-Light', fontSize=10.5, leading=16)
        story = []
        for block in json.load(open(sys.argv[1])):
            if block['kind'] == 'paragraph':
                story.append(Paragraph(block['text'], style))
            else:
                table = Table(block['rows'], hAlign='LEFT')
                table.setStyle(TableStyle([('FONT', (0, 0), (-1, -1), 'STSong-Light', 9),
                    ('GRID', (0, 0), (-1, -1), 0.5, colors.black),
                    ('LEFTPADDING', (0, 0), (-1, -1), 9), ('RIGHTPADDING', (0, 0), (-1, -1), 9)]))
                story.append(table)
            story.append(Spacer(1, 8))
        SimpleDocTemplate(sys.argv[2], pagesize=A4).build(story)
        """

    /// Renders paragraphs and plain tables (rows of strings) as a PDF.
    static func render(paragraphs: [String], tables: [[[String]]], in directory: URL) throws -> [UInt8] {
        var blocks: [[String: Any]] = paragraphs.map { ["kind": "paragraph", "text": $0] }
        blocks += tables.map { ["kind": "table", "rows": $0] }
        let spec = directory.appendingPathComponent("spec.json")
        let scriptFile = directory.appendingPathComponent("make.py")
        let output = directory.appendingPathComponent("out.pdf")
        try JSONSerialization.data(withJSONObject: blocks).write(to: spec)
        try Data(script.utf8).write(to: scriptFile)
        let result = try run(python, [scriptFile.path, spec.path, output.path])
        guard result.status == 0 else { throw RenderError(message: result.stderr) }
        return [UInt8](try Data(contentsOf: output))
    }

    struct RenderError: Error { var message: String }

    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: message, as: UTF8.self))
    }
}

@Suite struct PDFReaderTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-pdf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.enabled(if: ReportlabPDF.available, Comment(rawValue: ReportlabPDF.skipMessage)))
    func generatedPDFTablesReadBack() throws {
        var random = SeededGenerator(seed: 0x6E69_616E_6261_6F03)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for round in 0..<3 {
            var tables: [[[String]]] = []
            for _ in 0..<3 {
                let columns = Int.random(in: 2...6, using: &random)
                var rows: [[String]] = [
                    ["信息内容"] + (1..<columns).map { ["本年新收", "办结", "结转", "总计", "其他"][($0 - 1) % 5] }
                ]
                for _ in 0..<Int.random(in: 2...8, using: &random) {
                    let label = RandomDocuments.labels.filter { !$0.contains("\n") && !$0.contains(where: "<>&\"".contains) }
                        .randomElement(using: &random)!
                    rows.append([label] + (1..<columns).map { _ in String(Int.random(in: 0...99_999, using: &random)) })
                }
                tables.append(rows)
            }
            let title = "某某局2021年政府信息公开工作年度报告（第\(round + 1)份）"
            let bytes = try ReportlabPDF.render(paragraphs: [title], tables: tables, in: directory)
            let document = try PDFReader().read(bytes, name: "report.pdf")
            #expect(document.kind == .pdf)
            #expect(document.lines.contains(.paragraph(title)))
            for row in tables.joined() {
                #expect(document.lines.contains(SourceLine(cells: row)), "row \(row) missing in round \(round)")
            }
        }
    }

    @Test(.enabled(if: ReportlabPDF.available, Comment(rawValue: ReportlabPDF.skipMessage)))
    func truncatedPDFHasItsOwnReason() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try ReportlabPDF.render(paragraphs: ["报告"], tables: [[["a", "1"]]], in: directory)
        #expect(throws: ReaderFailures.truncatedPDF) {
            try PDFReader().read(Array(bytes.prefix(bytes.count * 2 / 3)), name: "cut.pdf")
        }
    }

    @Test func truncatedPDFIsRefusedWithoutRunningAnything() {
        let bytes = Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog".utf8)
        #expect(throws: ReaderFailures.truncatedPDF) { try PDFReader().read(bytes, name: "cut.pdf") }
    }

    @Test(.enabled(if: PDFReader().isAvailable, "needs pdftotext: apt-get install poppler-utils"))
    func damagedPDFNamesTheToolsComplaint() throws {
        let bytes = Array("%PDF-1.4\ngarbage that is no PDF at all\n%%EOF\n".utf8)
        do throws(ReadFailure) {
            _ = try PDFReader().read(bytes, name: "bad.pdf")
            Issue.record("a damaged PDF was read")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.zh.contains("PDF文件已损坏") || error == ReaderFailures.pdfWithoutText, "\(error.zh)")
        }
    }

    @Test func missingPdftotextNamesThePackage() {
        let reader = PDFReader(pdftotextPath: "/nonexistent/pdftotext")
        #expect(!reader.isAvailable)
        do throws(ReadFailure) {
            _ = try reader.read(Array("%PDF-1.4\n%%EOF\n".utf8), name: "a.pdf")
            Issue.record("read without pdftotext")
        } catch {
            #expect(error.code == .unsupportedType)
            #expect(error.zh.contains("poppler-utils"))
            #expect(error.zh.contains("apt-get install poppler-utils"))
        }
    }

    @Test func childProcessIsKilledAtItsDeadline() throws {
        let clock = ContinuousClock()
        var outcome: ChildProcess.Outcome?
        let elapsed = clock.measure {
            outcome = ChildProcess(executable: "/bin/sleep", arguments: ["30"], timeoutSeconds: 0.3, maxOutputBytes: 1000)
                .run()
        }
        guard case .timedOut = try #require(outcome) else {
            Issue.record("expected a timeout, got \(String(describing: outcome))")
            return
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func childProcessOutputIsCapped() throws {
        let outcome = ChildProcess(executable: "/bin/cat", arguments: ["/dev/zero"], timeoutSeconds: 10, maxOutputBytes: 100_000)
            .run()
        guard case .outputTooLarge = outcome else {
            Issue.record("expected the output cap, got \(outcome)")
            return
        }
    }

    @Test func layoutLinesSplitAtTwoOrMoreSpaces() {
        let text = "  标题 一行\n\u{0C}自然人     12  0    345\n\n\n"
        #expect(
            PDFReader.lines(text) == [
                SourceLine(cells: ["标题 一行"]), SourceLine(cells: ["自然人", "12", "0", "345"]),
            ])
    }
}
