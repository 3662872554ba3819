import Foundation
@testable import NianbaoCore
import Testing

/// Splitting digits that ran together (a row's cells printed without spaces between them).
@Suite("Cell solver: splitting run-together digits")
struct CellSolverTests {
    /// Every split of `digits` into `pieces` numbers, by trying every cut: the reference.
    static func referenceSplits(_ digits: [UInt8], into pieces: Int) -> [[Int]] {
        guard pieces >= 1, digits.count >= pieces else { return [] }
        var result: [[Int]] = []
        // Cuts are the positions 1..<count; choose pieces - 1 of them in increasing order.
        func choose(_ from: Int, _ cuts: [Int]) {
            if cuts.count == pieces - 1 {
                let bounds = [0] + cuts + [digits.count]
                var parts: [Int] = []
                for index in 0..<pieces {
                    let piece = digits[bounds[index]..<bounds[index + 1]]
                    if piece.count > CellSolver.maxDigitsPerCell { return }
                    if piece.count > 1 && piece.first == UInt8(ascii: "0") { return }
                    parts.append(piece.reduce(0) { $0 * 10 + Int($1 - 48) })
                }
                result.append(parts)
                return
            }
            guard from < digits.count else { return }
            for cut in from..<digits.count { choose(cut + 1, cuts + [cut]) }
        }
        choose(1, [])
        return result
    }

    @Test("splits equal the reference's, in the same order, on 3,000 random digit runs")
    func splitsMatchReference() {
        var random = RobustnessTests.Random(state: 20_261_206)
        var compared = 0
        for _ in 0..<3_000 {
            let length = 1 + random.below(16)
            // Zeros are frequent so leading-zero pieces are exercised.
            let digits = (0..<length).map { _ in UInt8(48 + (random.below(3) == 0 ? 0 : random.below(10))) }
            let pieces = 1 + random.below(6)
            var splits: [[Int]] = []
            CellSolver.DigitSplits(digits, maxPieces: pieces).forEach(into: pieces) { splits.append($0); return true }
            #expect(splits == Self.referenceSplits(digits, into: pieces), "\(String(decoding: digits, as: UTF8.self)) into \(pieces)")
            compared += splits.count
        }
        #expect(compared > 1_000)
    }

    @Test("splitting stops as soon as the caller says so")
    func splittingStops() {
        let digits = Array("1234567891234".utf8)
        var all = 0
        CellSolver.DigitSplits(digits, maxPieces: 4).forEach(into: 4) { _ in all += 1; return true }
        var seen = 0
        CellSolver.DigitSplits(digits, maxPieces: 4).forEach(into: 4) { _ in seen += 1; return seen < 3 }
        #expect(all > 3)
        #expect(seen == 3)
    }

    @Test("a run too long for the pieces gives no split; a run of exactly pieces × 7 digits gives one")
    func runsBeyondCapacity() {
        let long = Array(repeating: UInt8(ascii: "1"), count: 64)
        for pieces in 1...9 {
            var count = 0
            CellSolver.DigitSplits(long, maxPieces: pieces).forEach(into: pieces) { _ in count += 1; return true }
            #expect(count == 0, "64 digits into \(pieces) pieces")
        }
        let exact = Array(repeating: UInt8(ascii: "2"), count: 63)
        var splits: [[Int]] = []
        CellSolver.DigitSplits(exact, maxPieces: 9).forEach(into: 9) { splits.append($0); return true }
        #expect(splits == [Array(repeating: 2_222_222, count: 9)])
    }

    /// A generated report mutated by the fuzzing series (generated corpus, seed 5, mutation 1059):
    /// a table 四 row became one 44-digit run with eleven zeros in a row. Cutting it into 15 cells
    /// explored dead ends for 60 s (release build) before ``CellSolver/DigitSplits`` kept the
    /// enumeration on paths that end in a split; now 0.2 s. The row is reported unreadable.
    @Test("a table 四 row of one 44-digit run with many zeros is read in bounded time, honestly")
    func runWithManyZeros() throws {
        let path = SeedFixtures.directory.appendingPathComponent("hostile/table4-run-with-zeros.txt").path
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let result = ReportChecker().check(bytes: [UInt8](bytes), name: "table4.txt")
        RobustnessTests.assertSound(result, "table4-run-with-zeros")
        #expect(result.findings.contains { $0.code == .missingCell && $0.location?.hasPrefix("四") == true })
    }

    /// Before the split skipped remainders it could not fill, a row whose cells were one long run
    /// of digits sent the reader into a search exponential in the run's length: this test took
    /// 25 s with 40-digit runs and did not end in 180 s with 60-digit runs (now about 5 s in a
    /// debug build). Each line with numbers of each seed gets such a run in turn.
    @Test("a row of one 60-digit run is read in bounded time and gives a sound result")
    func longRunInARow() throws {
        let checker = ReportChecker()
        var random = RobustnessTests.Random(state: 40)
        var checked = 0
        for seed in SeedFixtures.names.prefix(5) {
            let lines = try SeedFixtures.bytes(seed).split(separator: 10, omittingEmptySubsequences: false)
            let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
            for (index, line) in lines.enumerated() {
                guard let first = line.firstIndex(where: isDigit), let last = line.lastIndex(where: isDigit),
                    line[first...last].contains(where: { !isDigit($0) })
                else { continue }
                let run = (0..<60).map { _ in UInt8(48 + random.below(10)) }
                var mutated = lines
                mutated[index] = line[..<first] + run[...] + line[(last + 1)...]
                let result = checker.check(bytes: Array(mutated.joined(separator: [10])), name: "\(seed)-\(index).txt")
                RobustnessTests.assertSound(result, "\(seed) line \(index + 1)")
                checked += 1
            }
        }
        #expect(checked > 80)
    }

    /// The values after the label of `line` (one cell, text run together) read as `width` cells.
    static func reading(_ line: String, width: Int) -> CellSolver.Reading {
        let tokens = Tokenizer.tokenize([SourceLine(cells: [line])])[0].tokens.filter { $0.kind != .text }
        return CellSolver.read(ValueGroup(tokens: tokens, isDelimited: false, line: 0), width: width, constraint: .none)
    }

    @Test("an amount run together with a count splits in its integer digits, keeping its fraction")
    func decimalSplits() {
        // 采购项目数量 and 采购总金额 run together: 0 and 10.4216 is the only split (01 is no count).
        #expect(Self.reading("政府集中采购010.4216", width: 2).candidates == [[.integer(0), .decimal("10.4216")]])
        // Two splits: both kept, so the cells stay unknown (AMBIGUOUS_CELLS).
        let twoWays = Self.reading("政府集中采购112.5", width: 2).candidates
        #expect(Set(twoWays) == [[.integer(1), .decimal("12.5")], [.integer(11), .decimal("2.5")]])
        // An amount longer than a count (8 digits before the point) is not cut: its true reading
        // (3 and 12345678.5) would be left out of the splits.
        let long = Self.reading("政府集中采购312345678.5", width: 2)
        #expect(long.misaligned && long.candidates.allSatisfy { $0 == [nil, nil] })
    }

    @Test("line hints: each line gets the hint of the last heading at or before it, none before the first or after the last line")
    func lineHints() {
        var hints = CellSolver.LineHints(through: 20)
        let first = CellSolver.ColumnHint(first: 1, last: 7)
        let second = CellSolver.ColumnHint(first: 2, last: 8)
        hints.set(first, from: 5)
        hints.set(second, from: 12)
        hints.set(first, from: 25)  // after the last line: ignored
        for line in 0...30 {
            let expected: CellSolver.ColumnHint? = line < 5 || line > 20 ? nil : line < 12 ? first : second
            #expect(hints[line] == expected, "line \(line)")
        }
    }
}
