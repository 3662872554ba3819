@testable import NianbaoCore
import Testing

@Suite("Counts stated in the text (TEXT_TABLE_MISMATCH)")
struct TextCountsTests {
    @Test("lookups by switch agree with the characters they stand for")
    func lookupsMatchTheirCharacters() {
        let units: Set<Unicode.Scalar> = ["件", "宗", "份", "起", "个", "条"]
        let clauseEnds: Set<Unicode.Scalar> = ["。", "；", ";", "，", ",", "、", "：", ":"]
        let digits: [Unicode.Scalar: Int] = [
            "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        ]
        // Every scalar of the BMP's CJK, punctuation and ASCII ranges.
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x3000...0x303F, 0x4E00...0x9FFF, 0xFF00...0xFF5E]
        for range in ranges {
            for value in range {
                let scalar = Unicode.Scalar(value)!
                #expect(TextCounts.isUnit(scalar) == units.contains(scalar), "unit \(scalar)")
                #expect(TextCounts.isClauseEnd(scalar) == clauseEnds.contains(scalar), "clause end \(scalar)")
                #expect(TextCounts.chineseDigit(scalar) == digits[scalar], "digit \(scalar)")
            }
        }
    }

    @Test(
        "reads counts after trigger words",
        arguments: [
            ("本年度共收到政府信息公开申请25件，办结23件。", ["received 25 收到政府信息公开申请25件", "concluded 23 办结23件"]),
            ("受理申请十二件；结转下年度继续办理两件。", ["received 12 受理申请十二件", "carriedForward 2 结转下年度继续办理两件"]),
            ("发生行政复议 3 宗，行政诉讼一百零五起", ["review 3 行政复议 3 宗", "litigation 105 行政诉讼一百零五起"]),
            // A clause ends before the number; a number without a unit; a number beyond the window.
            ("收到，5件。办结数量为7。行政复议工作扎实推进并持续加强规范化建设共计9件", []),
        ])
    func readsCounts(text: String, expected: [String]) {
        let counts = TextCounts.statedCounts(text).map { "\($0.0) \($0.1) \($0.2)" }
        #expect(counts == expected)
    }

    @Test("a run of digits too long for a count is no count, and does not crash")
    func longDigitRunsAreNoCount() {
        #expect(TextCounts.statedCounts("收到123456789012345678901234567890件").isEmpty)
        #expect(TextCounts.statedCounts("收到1234567890123件").isEmpty)
        #expect(TextCounts.statedCounts("收到123456789012件").map(\.1) == [123_456_789_012])
    }
}
