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

    /// The scalar-array implementation that `statedCounts` replaced (it worked on `Array(text.unicodeScalars)`),
    /// kept as the reference the byte-wise one must agree with.
    static func referenceStatedCounts(_ text: String) -> [(TextCounts.Kind, Int, String)] {
        func number(_ scalars: [Unicode.Scalar], _ start: Int) -> (Int?, Int)? {
            var end = start
            var value = 0
            while end < scalars.count, scalars[end].value >= 0x30 && scalars[end].value <= 0x39 {
                if end - start < 12 { value = value * 10 + Int(scalars[end].value - 0x30) }
                end += 1
            }
            if end > start { return (end - start > 12 ? nil : value, end) }
            var total = 0
            var current = 0
            while end < scalars.count {
                let scalar = scalars[end]
                if let digit = TextCounts.chineseDigit(scalar) {
                    current = digit
                } else if scalar == "十" {
                    total += (current == 0 ? 1 : current) * 10
                    current = 0
                } else if scalar == "百" {
                    total += current * 100
                    current = 0
                } else {
                    break
                }
                end += 1
            }
            guard end > start else { return nil }
            return (total + current, end)
        }
        var results: [(TextCounts.Kind, Int, String)] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            for (kind, word) in TextCounts.triggers where word[0] == scalars[index] && index + word.count <= scalars.count {
                guard scalars[index..<index + word.count].elementsEqual(word) else { continue }
                var cursor = index + word.count
                let limit = min(scalars.count, cursor + 14)
                while cursor < limit, !TextCounts.isClauseEnd(scalars[cursor]) {
                    guard let (value, end) = number(scalars, cursor) else {
                        cursor += 1
                        continue
                    }
                    guard let value else { break }
                    if end < scalars.count {
                        var unitIndex = end
                        while unitIndex < scalars.count, scalars[unitIndex] == " " { unitIndex += 1 }
                        if unitIndex < scalars.count, TextCounts.isUnit(scalars[unitIndex]) {
                            var phrase = String.UnicodeScalarView()
                            phrase.append(contentsOf: scalars[index...unitIndex])
                            results.append((kind, value, String(phrase)))
                        }
                        break
                    }
                    cursor += 1
                }
            }
        }
        return results
    }

    @Test("the byte-wise reading agrees with the scalar-wise reference on 20,000 random texts")
    func agreesWithReference() {
        // Triggers, their pieces, digits, Chinese numerals, units, clause ends, spaces, other text,
        // and characters of other UTF-8 lengths.
        let pieces = [
            "收到", "受理", "办结", "结转下年", "行政复议", "行政诉讼", "收", "办", "结", "行", "行政", "结转", "1", "2", "0", "9", "12",
            "一", "二", "两", "十", "百", "零", "九", "件", "宗", "份", "起", "个", "条", "。", "，", ",", "、", "：", " ", "  ",
            "申请", "共", "年", "é", "😀", "a", "\n", "政府信息公开", "123456789012345",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let got = TextCounts.statedCounts(text).map { "\($0.0) \($0.1) \($0.2)" }
            let expected = Self.referenceStatedCounts(text).map { "\($0.0) \($0.1) \($0.2)" }
            #expect(got == expected, "for \(text)")
        }
    }
}
