@testable import NianbaoCore
import Testing

/// The key form that labels are matched in: every way of computing it gives the same key.
@Suite("Text normalizer")
struct TextNormalizerTests {
    /// The key form written the slow way: fold each scalar, keep letters, digits and ideographs.
    static func reference(_ text: String) -> String {
        let kept = text.unicodeScalars.compactMap(TextNormalizer.fold).filter(TextNormalizer.isKeyScalar)
        return String(String.UnicodeScalarView(kept))
    }

    @Test("punctuation, spaces and widths do not change the key")
    func examples() {
        #expect(TextNormalizer.key("（二）部分公开（区分处理的，…）") == "二部分公开区分处理的")
        #expect(TextNormalizer.key("(二) 部分公开(区分处理的, …)") == "二部分公开区分处理的")
        #expect(TextNormalizer.key("１．本年新收政府信息公开申请数量") == "1本年新收政府信息公开申请数量")
        // A label that is its own key form is returned as it is.
        #expect(TextNormalizer.key("上年结转政府信息公开申请数量") == "上年结转政府信息公开申请数量")
        #expect(TextNormalizer.key("") == "")
        #expect(TextNormalizer.key("，。、") == "")
    }

    @Test("random texts: the key equals the scalar-by-scalar reference, with and without the shortcut")
    func randomTexts() {
        var random = SystemRandomNumberGenerator()
        // Ideographs led by E4 (一 上 不 丁; 䶵 of Extension A and the hexagram ䷀, not an ideograph,
        // are led by E4 too but come before U+4E00),
        // E5–E9, U+3400 (E3), full-width forms, punctuation, spaces, zero-width and astral scalars.
        let pool: [Unicode.Scalar] = ["一", "上", "不", "丁", "䶵", "䷀", "年", "报", "公", "开", "龥", "㐀", "a", "Z", "0", "9",
                                      "１", "Ａ", "（", "）", "，", "。", "、", " ", "\u{3000}", "\u{200B}", ".", "-", "𠀀", "😀", "é"]
        for _ in 0..<5_000 {
            let scalars = (0..<Int.random(in: 0...24, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let text = String(String.UnicodeScalarView(scalars))
            var copy = text
            let byBytes = copy.withUTF8 { TextNormalizer.key(of: $0) }
            #expect(TextNormalizer.key(text) == Self.reference(text), "for \(text.debugDescription)")
            #expect(byBytes == Self.reference(text), "for \(text.debugDescription)")
            // Appended to bytes already there, the key comes after them and nothing else changes.
            var buffer = Array("前".utf8)
            TextNormalizer.appendKey(of: text, to: &buffer)
            #expect(buffer == Array(("前" + Self.reference(text)).utf8), "for \(text.debugDescription)")
            // Lent in a temporary buffer, the key is the same bytes.
            #expect(TextNormalizer.withKey(of: text) { Array($0) } == Array(Self.reference(text).utf8), "for \(text.debugDescription)")
        }
    }

    @Test("random texts: folding equals folding scalar by scalar, in long runs and short")
    func foldRandomTexts() {
        var random = SystemRandomNumberGenerator()
        // Every form that folds, its neighbours that do not (U+2001, U+200E, U+2211, U+3001, U+FF00,
        // U+FF5F, U+FEFE, U+00A1), Chinese, ASCII and astral scalars.
        let pool: [Unicode.Scalar] = [
            "\u{A0}", "\u{AD}", "\u{2002}", "\u{200A}", "\u{200B}", "\u{200D}", "\u{202F}", "\u{205F}", "\u{2212}", "\u{3000}",
            "\u{FEFF}", "！", "０", "９", "Ａ", "ｚ", "～", "（", "）", "，",
            "\u{2001}", "\u{200E}", "\u{2211}", "、", "\u{FF00}", "\u{FF5F}", "\u{FEFE}", "¡", "—", "…",
            "年", "报", "公", "开", "a", "Z", "0", " ", "𠀀", "é",
        ]
        let plain: [Unicode.Scalar] = ["年", "报", "公", "开", "a", "Z", "0", " ", "é", "𠀀"]
        for round in 0..<5_000 {
            // Every other text mostly of scalars that do not fold: long runs between the forms.
            let source = round % 2 == 0 ? pool : plain + [pool.randomElement(using: &random)!]
            let scalars = (0..<Int.random(in: 0...60, using: &random)).map { _ in source.randomElement(using: &random)! }
            let text = String(String.UnicodeScalarView(scalars))
            let reference = String(String.UnicodeScalarView(text.unicodeScalars.compactMap(TextNormalizer.fold)))
            #expect(TextNormalizer.fold(text) == reference, "for \(text.debugDescription)")
            var copy = text
            #expect(copy.withUTF8 { TextNormalizer.foldedString($0) } == reference, "for \(text.debugDescription)")
        }
    }

    @Test("characters other than white space: the count equals counting scalar by scalar")
    func nonWhitespaceCount() {
        var random = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = [
            " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{3000}", "\u{A0}", "\u{2000}", "\u{200B}", "\u{202F}", "\u{205F}", "\u{FEFF}",
            "\u{08}", "\u{0E}", "\u{1F}", "\u{A1}", "\u{200C}", "\u{2212}", "、", "\u{FEFE}", "（", "年", "报", "a", "0", "é", "𠀀",
        ]
        let plain: [Unicode.Scalar] = ["年", "报", "公", "开", "a", "0", "é", "𠀀"]
        for round in 0..<5_000 {
            let source = round % 2 == 0 ? pool : plain + [pool.randomElement(using: &random)!]
            let scalars = (0..<Int.random(in: 0...80, using: &random)).map { _ in source.randomElement(using: &random)! }
            let text = String(String.UnicodeScalarView(scalars))
            #expect(TextNormalizer.nonWhitespaceCount(text) == scalars.filter { !$0.isSpaceLike }.count, "for \(text.debugDescription)")
        }
    }

    @Test("a cell of up to three digits comes from the table of small numbers as written, leading zeros kept")
    func smallNumbers() {
        var texts = (0..<1000).map { String($0) } + ["00", "07", "007", "0000", "1000", "12a", "-1", "1 ", "", "１", "٣"]
        texts += (0..<2_000).map { _ in String(Int.random(in: 0...99_999)) }
        for text in texts {
            var copy = text
            #expect(copy.withUTF8 { TextNormalizer.foldedString($0) } == TextNormalizer.fold(text), "for \(text.debugDescription)")
        }
        #expect(TextNormalizer.smallNumber(UnsafeBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test("the word test finds C2, E2, E3 and EF at every position among every other byte value")
    func foldWordTest() {
        let leads: [UInt8] = [0xC2, 0xE2, 0xE3, 0xEF]
        for filler in 0...255 {
            let fillerByte = UInt8(filler)
            var bytes = [UInt8](repeating: fillerByte, count: 8)
            #expect(bytes.withUnsafeBytes { TextNormalizer.wordMayFold($0.baseAddress!) } == leads.contains(fillerByte), "filler \(filler)")
            for position in 0..<8 {
                for lead in leads {
                    bytes[position] = lead
                    #expect(bytes.withUnsafeBytes { TextNormalizer.wordMayFold($0.baseAddress!) }, "filler \(filler) position \(position)")
                }
                bytes[position] = fillerByte
            }
        }
    }
}
