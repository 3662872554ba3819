@testable import NianbaoCore
import Testing

/// The byte-wise string comparisons the recognizers use everywhere, against the standard library's
/// element-by-element comparison of UTF-8 views.
@Suite("Byte-wise string comparisons")
struct StringSearchTests {
    static let samples = [
        "", "a", "本", "本年新收", "本年新收申请数量", "（一）予以公开", "结转下年度继续办理", "年", "新收", "abc", "ab", "申请",
        "本年新收申请数量 ", "e\u{301}", "é", "情况", "其他需要报告的事项",
    ]

    @Test("equalsBytes, startsWithBytes and endsWithBytes on strings and substrings")
    func comparisons() {
        for text in Self.samples {
            let padded = "##" + text + "##"
            let slice = padded.dropFirst(2).dropLast(2)
            for other in Self.samples {
                let equal = Array(text.utf8) == Array(other.utf8)
                let prefix = Array(text.utf8).starts(with: Array(other.utf8))
                let suffix = Array(text.utf8).reversed().starts(with: Array(other.utf8).reversed())
                #expect(text.equalsBytes(other) == equal, "\(text) == \(other)")
                #expect(slice.equalsBytes(other) == equal, "slice \(text) == \(other)")
                #expect(text.startsWithBytes(other) == prefix, "\(text) starts with \(other)")
                #expect(slice.startsWithBytes(other) == prefix, "slice \(text) starts with \(other)")
                #expect(text.endsWithBytes(other) == suffix, "\(text) ends with \(other)")
                #expect(slice.endsWithBytes(other) == suffix, "slice \(text) ends with \(other)")
            }
        }
        // Canonically equivalent but different bytes: not equal byte-wise.
        #expect(!"é".equalsBytes("e\u{301}"))
    }
}
