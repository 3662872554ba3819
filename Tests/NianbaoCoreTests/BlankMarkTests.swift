@testable import NianbaoCore
import Testing

/// Blank marks (`/`, `-`, `—`, `——`, …): a cell holding one is a blank cell.
@Suite("Blank marks")
struct BlankMarkTests {
    @Test("the packed comparison agrees with the set of marks on 50,000 random short cells")
    func packedComparisonAgreesWithTheSet() {
        // The marks, their pieces and neighbours (— is E2 80 94, – E2 80 93, － EF BC 8D), digits, ideographs.
        let pieces = Array(Tokenizer.blankMarks) + ["-", "—", "/", "\\", "–", "－", "／", "0", "1", "一", "无", " ", "_", "‒", "―"]
        var random = SystemRandomNumberGenerator()
        var marks = 0
        for _ in 0..<50_000 {
            let text = (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = Tokenizer.blankMarks.contains(text)
            if expected { marks += 1 }
            #expect(Tokenizer.isBlankMark(Array(text.utf8)) == expected, "for \(text)")
        }
        #expect(marks > 5_000, "\(marks) marks")
    }

    @Test("every mark is a blank cell, in a table row and alone on a line; others are not")
    func marksAreBlankCells() {
        for mark in Tokenizer.blankMarks {
            let row = Tokenizer.tokenize([SourceLine(cells: ["行政许可", mark, "3"])])[0].tokens
            #expect(row.map(\.kind) == [.text, .blank, .number], "for \(mark)")
            let alone = Tokenizer.tokenize([SourceLine(cell: mark)])[0].tokens
            #expect(alone.map(\.kind) == [.blank], "for \(mark)")
        }
        #expect(Tokenizer.tokenize([SourceLine(cell: "----")])[0].tokens.map(\.kind) != [.blank])
        #expect(Tokenizer.tokenize([SourceLine(cell: "0")])[0].tokens.map(\.kind) == [.number])
    }
}
