import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

/// A real submission (seed 000, tab-separated text) rewritten as Word, a web page and PDF must
/// check exactly as the text does: same report, same findings.
@Suite struct SeedThroughReadersTests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NianbaoCoreTests/Fixtures/000_fb0ef49ef4128532.txt")

    /// The seed as paragraphs and tables: runs of lines with tabs become one table each.
    static func blocks(_ text: String) -> [DocBlock] {
        var blocks: [DocBlock] = []
        var rows: [[DocCell]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.contains("\t") {
                rows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map { DocCell(String($0)) })
                continue
            }
            if !rows.isEmpty {
                blocks.append(.table(rows))
                rows = []
            }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { blocks.append(.paragraph(line)) }
        }
        if !rows.isEmpty { blocks.append(.table(rows)) }
        return blocks
    }

    @Test func wordAndWebPageCheckLikeTheText() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.seed))
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let text = checker.check(bytes: bytes, name: "seed.txt")
        let blocks = Self.blocks(try #require(String(validating: bytes, as: UTF8.self)))
        #expect(blocks.filter { if case .table = $0 { true } else { false } }.count >= 3)
        let renditions: [(String, [UInt8])] = [
            ("seed.docx", DocxWriter(runLength: 2).render(blocks)),
            ("seed.html", HTMLWriter(charset: .gbk, pieceLength: 1).render(blocks)),
        ]
        for (name, rendition) in renditions {
            let result = checker.check(bytes: rendition, name: name)
            #expect(result.report == text.report, "\(name)")
            #expect(result.codes == text.codes, "\(name)")
            #expect(result.verdict == text.verdict, "\(name)")
        }
        #expect(text.report?.applications != nil)
    }
}

extension SeedThroughReadersTests {
    /// The seed as a PDF (wrapped labels, the table split over pages) through `pdftotext -layout`.
    /// Every table comes out as from the text, but for which blank cells were inferred.
    @Test(.enabled(if: ReportlabPDF.available, ReportlabPDF.skipMessage))
    func pdfChecksLikeTheText() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.seed))
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let text = checker.check(bytes: bytes, name: "seed.txt")
        let blocks = Self.blocks(try #require(String(validating: bytes, as: UTF8.self)))
        let result = checker.check(bytes: try PDFWriter().render(blocks), name: "seed.pdf")
        #expect(result.source.kind == .pdf)
        let report = try #require(result.report)
        let expected = try #require(text.report)
        #expect(report.proactive == expected.proactive)
        #expect(report.reviewLitigation == expected.reviewLitigation)
        let rows = try #require(report.applications?.rows)
        let expectedRows = try #require(expected.applications?.rows)
        for key in [
            ApplicationRow.new, .carriedOver, .granted, .partiallyGranted, .withheld1, .withheld8, .unable1,
            .unable2, .total, .carriedForward,
        ] {
            #expect(rows[key] == expectedRows[key], "table 三 row \(key)")
        }
        // pdftotext drops the trailing blank 总计 cells of the third page, so which cell was blank is
        // lost; the numbers are certain all the same (each row's own sum), and nothing is listed as
        // inferred. Everything else equals the text's reading.
        // Prose wraps differently in a PDF, so sections are compared by number and heading.
        var tables = report.applications
        tables?.inferred = []
        var expectedTables = expected.applications
        expectedTables?.inferred = []
        #expect(tables == expectedTables)
        #expect(report.sections.map { "\($0.number) \($0.heading ?? "-")" } == expected.sections.map { "\($0.number) \($0.heading ?? "-")" })
        #expect(report.organization == expected.organization)
        #expect(report.year == expected.year)
        #expect(report.format == expected.format)
        #expect(report.published == expected.published)
        #expect(result.verdict == text.verdict)
    }
}
