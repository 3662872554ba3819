import Foundation
import NianbaoCore
import NianbaoReaders
import NianbaoTestSupport
import Testing

/// Damaged Word files and web pages: whatever the damage, the checker gives a sound result and
/// goes on (no crash, no hang). `NIANBAO_READER_MUTATIONS` sets how many of each kind (default 300),
/// `NIANBAO_READER_MUTATION_SEED` which series.
@Suite struct ReaderMutationTests {
    static let count = ProcessInfo.processInfo.environment["NIANBAO_READER_MUTATIONS"].flatMap { Int($0) } ?? 300
    /// Added to each series' seed: `NIANBAO_READER_MUTATION_SEED` runs other series.
    static let seedOffset = ProcessInfo.processInfo.environment["NIANBAO_READER_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0

    /// One damaged copy of `bytes`: bytes flipped, a cut, a range removed, repeated or overwritten,
    /// or (for markup) tags broken.
    static func mutate(_ original: [UInt8], _ random: inout SeededGenerator) -> (bytes: [UInt8], kind: Int) {
        var bytes = original
        let kind = Int.random(in: 0..<7, using: &random)
        func position() -> Int { Int.random(in: 0..<max(1, bytes.count), using: &random) }
        switch kind {
        case 0:  // flip bytes
            for _ in 0..<Int.random(in: 1...20, using: &random) where !bytes.isEmpty {
                bytes[position()] ^= UInt8.random(in: 1...255, using: &random)
            }
        case 1:  // cut short
            bytes = Array(bytes.prefix(position()))
        case 2:  // a range removed
            let start = position()
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...400, using: &random)))
        case 3:  // a range repeated
            let start = position()
            let piece = bytes[start..<min(bytes.count, start + Int.random(in: 1...400, using: &random))]
            bytes.insert(contentsOf: piece, at: position())
        case 4:  // a range overwritten with noise
            let start = position()
            for index in start..<min(bytes.count, start + Int.random(in: 1...64, using: &random)) {
                bytes[index] = UInt8.random(in: 0...255, using: &random)
            }
        case 5:  // markup broken: angle brackets and quotes removed here and there
            bytes = bytes.filter { byte in
                !(byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\""))
                    || Int.random(in: 0..<50, using: &random) != 0
            }
        default:  // digits lengthened (a table cell of a long run of digits)
            for _ in 0..<Int.random(in: 1...6, using: &random) where !bytes.isEmpty {
                let at = position()
                if bytes[at] >= 48 && bytes[at] <= 57 {
                    bytes.insert(contentsOf: (0..<Int.random(in: 13...60, using: &random)).map { _ in UInt8.random(in: 48...57, using: &random) }, at: at)
                }
            }
        }
        return (bytes, kind)
    }

    static func assertSound(_ result: CheckResult, _ context: String) {
        let hasError = result.findings.contains { $0.severity == .error }
        #expect((result.verdict == .rejected) == hasError, "verdict matches findings: \(context)")
        let parsed = try? JSONSerialization.jsonObject(with: Data(result.jsonLine().utf8)) as? [String: Any]
        #expect(parsed?["schema"] as? String == "nianbao.result/1", "JSON parses: \(context)")
    }

    @Test(arguments: ["docx", "html"])
    func damagedFilesGiveSoundResults(kind: String) {
        let documents = ReportGenerator(seed: 20_261_206).documents(count: 8)
        let originals = documents.map { document in
            kind == "docx" ? DocxWriter(runLength: 1).render(document.blocks) : HTMLWriter(pieceLength: 1).render(document.blocks)
        }
        Self.mutateAndCheck(originals, kind: kind, count: Self.count, seed: kind == "docx" ? 11 : 12)
    }

    /// PDFs go through pdftotext, a child process with a deadline; what it makes of a damaged
    /// file is then read like any PDF's text. Fewer: each costs a process.
    @Test(.enabled(if: ReportlabPDF.available, ReportlabPDF.skipMessage))
    func damagedPDFsGiveSoundResults() throws {
        let documents = ReportGenerator(seed: 20_261_207).documents(count: 2)
        let originals = try documents.map { try PDFWriter().render($0.blocks) }
        Self.mutateAndCheck(originals, kind: "pdf", count: max(20, Self.count / 5), seed: 13)
    }

    static func mutateAndCheck(_ originals: [[UInt8]], kind: String, count: Int, seed: UInt64) {
        let checker = ReportChecker(readers: NianbaoReaders.all)
        var random = SeededGenerator(seed: seed &+ seedOffset)
        var verdicts: [Verdict: Int] = [:]
        for iteration in 0..<count {
            let (bytes, mutation) = mutate(originals[iteration % originals.count], &random)
            let result = checker.check(bytes: bytes, name: "damaged-\(iteration).\(kind)")
            assertSound(result, "\(kind) \(iteration) mutation \(mutation)")
            verdicts[result.verdict, default: 0] += 1
        }
        print("\(kind) mutations: \(count) checked, \(verdicts[.rejected] ?? 0) rejected, \(verdicts[.accepted] ?? 0) accepted")
        // Damage is seen: a fair share is rejected (not all, since some damage misses the text).
        #expect((verdicts[.rejected] ?? 0) > count / 10)
    }
}
