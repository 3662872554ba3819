@testable import NianbaoCore
import Testing

/// Section headings: the byte-wise test of which lines may be headings turns no heading away, and
/// real headings are still found through it.
@Suite("Section headings")
struct SectionHeadingsTests {
    @Test("the quick test never turns a heading away: match equals the full search on 50,000 random lines")
    func prefilterLosesNoHeading() {
        // Markup, ordinals and their neighbours in UTF-8 (七 E4 B8 83, 丈 E4 B8 88, 亓 E4 BA 93), 第,
        // separators and near misses, known wordings and keywords, the two end characters and their
        // neighbours (冶 E5 86 B6, 顶 E9 A1 B6), Unicode spaces, other text.
        let pieces = [
            " ", "\t", "#", "*", ">", "**", "一", "二", "三", "四", "五", "六", "第", "七", "丈", "亓", "况", "项", "冶", "顶",
            "、", ".", "．", ",", "，", ":", "：", "；", "-", "\u{3000}", "部分", "是", "（", "）",
            "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况", "其他需要报告的事项", "概述", "复议", "问题", "本年度办理结果", "情况", "事项",
            "第二十条", "第二部分", "第一部分 ", "a", "1", "é", "😀", "政府信息公开",
        ]
        var random = SystemRandomNumberGenerator()
        var headings = 0
        var turnedAway = 0
        for _ in 0..<50_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let full = SectionHeadings.matchAnyLine(text)
            if full != nil { headings += 1 }
            if !SectionHeadings.mayBeHeading(text) { turnedAway += 1 }
            #expect(SectionHeadings.match(text) == full, "for \(text)")
        }
        // Both kinds of line were exercised.
        #expect(headings > 1_000 && turnedAway > 10_000)
    }

    /// ``SectionHeadings/matchAnyLine(_:)`` as it was written on a `Substring`'s scalars until stop
    /// 24: the reference the byte-wise search must agree with.
    static func referenceMatchAnyLine(_ text: String) -> SectionHeadings.Match? {
        var body = Substring(text.trimmingSpaces()).unicodeScalars
        while let first = body.first, first == "#" || first == "*" || first == " " || first == ">" { body = body.dropFirst() }
        while let last = body.last, last == "*" || last == " " || last == "：" || last == ":" { body = body.dropLast() }
        let bodyBytes = Substring(body).utf8.count
        guard !body.isEmpty, bodyBytes <= 60 || (bodyBytes <= 240 && body.count <= 60) else { return nil }
        var number: Int? = nil
        var restScalars = body
        if let first = restScalars.first, let ordinal = SectionHeadings.ordinal(first) {
            let afterOrdinal = restScalars.dropFirst()
            if let separator = afterOrdinal.first, SectionHeadings.isSeparator(separator) {
                number = ordinal
                restScalars = afterOrdinal.dropFirst()
            }
        } else if restScalars.first == "第", restScalars.count > 3,
            let ordinal = SectionHeadings.ordinal(restScalars[restScalars.index(after: restScalars.startIndex)]),
            Substring(restScalars.dropFirst(2)).startsWithBytes("部分")
        {
            number = ordinal
            restScalars = restScalars.dropFirst(4)
        }
        var rest = Substring(restScalars)
        let key = rest.withUTF8 { TextNormalizer.key(of: $0) }
        guard !key.isEmpty else { return nil }
        if let number {
            if let wording = (SectionHeadings.knownWordings[number] ?? []).first(where: { key.startsWithBytes($0) }) {
                return SectionHeadings.Match(
                    number: number, heading: referenceCut(rest, keyLength: wording.scalarCount), isKnownWording: true, hasOrdinal: true)
            }
            guard key.scalarCount <= 30, (SectionHeadings.keywords[number] ?? []).contains(where: { key.has($0) }) else { return nil }
            if number == 3 && key.has("本年度办理结果") { return nil }
            return SectionHeadings.Match(number: number, heading: String(rest).trimmingSpaces(), isKnownWording: false, hasOrdinal: true)
        }
        guard let candidate = SectionHeadings.wordingNumbers.first(where: { key.equalsBytes($0.key) })?.value else { return nil }
        return SectionHeadings.Match(number: candidate, heading: String(rest).trimmingSpaces(), isKnownWording: true, hasOrdinal: false)
    }

    @Test("the byte-wise full search agrees with the scalar-wise reference on 100,000 random lines")
    func fullSearchAgreesWithReference() {
        // Markup at both ends, colons, ordinals and separators, 第…部分, wordings, keywords, the
        // words that rule a heading out, brackets the cut keeps, Unicode spaces, long text.
        let pieces = [
            " ", "\t", "#", "*", ">", "**", "：", ":", "一", "二", "三", "四", "五", "六", "七", "第", "、", ".", "．", ",", "，",
            "\u{3000}", "\u{00A0}", "\u{200B}", "\u{FEFF}", "部分", "部", "（", "）", "(", ")", "总体情况", "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "存在的主要问题及改进情况", "其他需要报告的事项", "概述", "基本情况", "主动公开", "申请情况", "复议", "问题", "改进",
            "需要报告", "本年度办理结果", "情况", "事项", "第二十条", "第一部分", "第四部分", "第六部分", "第二部", "a", "Ａ", "1", "é", "😀", "政府信息公开工作取得了积极成效",
        ]
        var random = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<100_000 {
            let text = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = Self.referenceMatchAnyLine(text)
            if expected != nil { found += 1 }
            #expect(SectionHeadings.matchAnyLine(text) == expected, "for \(text)")
        }
        // Headings of every kind were among them, and lines that are none.
        #expect(found > 2_000 && found < 95_000, "\(found) headings")
    }

    /// ``SectionHeadings/cut(_:keyLength:)`` as it was written on the Substring's scalars: the reference.
    static func referenceCut(_ text: Substring, keyLength: Int) -> String {
        let scalars = text.unicodeScalars
        var count = 0
        var end = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if let folded = TextNormalizer.fold(scalar), TextNormalizer.isKeyScalar(folded) { count += 1 }
            index = scalars.index(after: index)
            end = index
            if count == keyLength { break }
        }
        var heading = String(Substring(scalars[..<end])).trimmingSpaces()
        if end < scalars.endIndex, scalars[end] == "）" || scalars[end] == ")" { heading.unicodeScalars.append(scalars[end]) }
        return heading
    }

    @Test("the heading cut after its wording: bytes agree with the scalar-wise reference on 20,000 random texts")
    func cutAgreesWithReference() {
        let pieces = ["总体", "情况", "（", "）", ")", "(", "、", " ", "\u{3000}", "\u{200B}", "Ａ", "1", "a", "é", "😀", "，", "政府信息公开", "事项"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            // A slice of a longer string, as the heading's rest is.
            let whole = "二、" + text
            let rest = whole[whole.index(whole.startIndex, offsetBy: 2)...]
            let keyLength = Int.random(in: 0...12, using: &random)
            #expect(SectionHeadings.cut(rest, keyLength: keyLength) == Self.referenceCut(rest, keyLength: keyLength), "for \(text) \(keyLength)")
        }
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
        // The longest wording (75 bytes) without its ordinal, which a 60-byte limit once turned away;
        // a heading after an ideographic space.
        #expect(SectionHeadings.match("因政府信息公开工作被申请行政复议、提起行政诉讼情况")?.number == 4)
        #expect(SectionHeadings.match("因政府信息公开工作被申请行政复议、提起行政诉讼情况")?.hasOrdinal == false)
        #expect(SectionHeadings.match("\u{3000}四、政府信息公开行政复议、行政诉讼情况")?.number == 4)
        #expect(SectionHeadings.match("本机关全年共收到申请12件，办结12件，无结转情况。") == nil)
        #expect(SectionHeadings.match("一是加强组织领导，二是完善工作机制") == nil)
        #expect(SectionHeadings.match("七、其他需要报告的事项") == nil)
        #expect(SectionHeadings.match("") == nil)
        #expect(SectionHeadings.match(" # * ") == nil)
    }
}
