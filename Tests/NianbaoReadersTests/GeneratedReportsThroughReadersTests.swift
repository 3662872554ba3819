import Foundation
import NianbaoCore
import NianbaoReaders
import NianbaoTestSupport
import Testing

/// Reports of the generator, with known truth, written as `.docx` and `.html` by the writers and
/// checked through the readers: every cell, metadata field, finding and verdict as the truth says.
@Suite struct GeneratedReportsThroughReadersTests {
    static let fixedNow = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func twoHundredReportsAsWordAndWebPagesMatchTheirTruth() throws {
        let documents = ReportGenerator(seed: 20_261_124).documents(count: 200)
        let checker = ReportChecker(readers: NianbaoReaders.all)
        var mismatches: [TruthComparison.Mismatch] = []
        var cells = TruthComparison.CellCounts()
        var random = SeededGenerator(seed: 0x6E69_616E_6261_6F04)
        for document in documents {
            let charset = HTMLWriter.Charset.allCases.randomElement(using: &random)!
            let renditions: [(String, [UInt8])] = [
                ("docx", DocxWriter(runLength: Int.random(in: 0...3, using: &random)).render(document.blocks)),
                (
                    "html",
                    HTMLWriter(charset: charset, pieceLength: Int.random(in: 0...3, using: &random))
                        .render(document.blocks)
                ),
            ]
            for (kind, bytes) in renditions {
                let result = checker.check(bytes: bytes, name: "\(document.fileStem).\(kind)", now: Self.fixedNow)
                #expect(result.source.kind?.rawValue == kind)
                let comparison = TruthComparison(truth: document.truth, source: kind, result: result)
                mismatches += comparison.mismatches
                cells = cells + comparison.cells
            }
        }
        #expect(
            mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10).map(\.description))")
        // Honest but empty readings would pass the line above: most known cells must be read exactly.
        #expect(cells.known > 200 * 2 * 100)
        #expect(Double(cells.exact) >= 0.98 * Double(cells.known), "\(cells.exact) of \(cells.known) cells exact")
    }
}
