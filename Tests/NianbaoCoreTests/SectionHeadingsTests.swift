@testable import NianbaoCore
import Testing

/// Section headings: the byte-wise test of which lines may be headings agrees with the rule it
/// replaced, and real headings are still found through it.
@Suite("Section headings")
struct SectionHeadingsTests {
    /// The rule written on scalars, as `SectionHeadings.match` had it before it read bytes: after
    /// markup, an ordinal or 第; or 12–60 bytes holding 况 or 项.
    static func referenceMayBeHeading(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { $0 != " " && $0 != "\t" && $0 != "#" && $0 != "*" && $0 != ">" })
        else { return false }
        switch first.value {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x7B2C: return true
        default: return text.utf8.count >= 12 && text.utf8.count <= 60 && (text.unicodeScalars.contains("况") || text.unicodeScalars.contains("项"))
        }
    }

    @Test("which lines may be headings: bytes agree with the scalar-wise rule on 20,000 random lines")
    func prefilterAgreesWithReference() {
        // Markup, ordinals and their neighbours in UTF-8 (七 E4 B8 83, 丈 E4 B8 88, 亓 E4 BA 93), 第,
        // the two end characters and their neighbours (冶 E5 86 B6, 顶 E9 A1 B6), other text.
        let pieces = [
            " ", "\t", "#", "*", ">", "一", "二", "三", "四", "五", "六", "第", "七", "丈", "亓", "况", "项", "冶", "顶",
            "情况", "事项", "总体情况", "、", "．", "（", "a", "1", "é", "😀", "政府信息公开", "部分",
        ]
        var random = SystemRandomNumberGenerator()
        var headingLike = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = Self.referenceMayBeHeading(text)
            if expected { headingLike += 1 }
            #expect(SectionHeadings.mayBeHeading(text) == expected, "for \(text)")
        }
        // Both answers were exercised.
        #expect(headingLike > 2_000 && headingLike < 18_000)
    }

    @Test("headings with markup, ordinals, 第…部分 and bare wordings are found; prose is not")
    func headings() {
        #expect(SectionHeadings.match("一、总体情况")?.number == 1)
        #expect(SectionHeadings.match("## 二、主动公开政府信息情况")?.number == 2)
        #expect(SectionHeadings.match("**三、收到和处理政府信息公开申请情况**")?.number == 3)
        #expect(SectionHeadings.match("第四部分 政府信息公开行政复议、行政诉讼情况")?.number == 4)
        #expect(SectionHeadings.match("> 五、存在的主要问题及改进情况")?.number == 5)
        let bare = SectionHeadings.match("其他需要报告的事项")
        #expect(bare?.number == 6)
        #expect(bare?.hasOrdinal == false)
        #expect(SectionHeadings.match("本机关全年共收到申请12件，办结12件，无结转情况。") == nil)
        #expect(SectionHeadings.match("七、其他需要报告的事项") == nil)
        #expect(SectionHeadings.match("") == nil)
        #expect(SectionHeadings.match(" # * ") == nil)
    }
}
