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
        }
    }
}
