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

/// A number token's integer value, read from its bytes.
@Suite("Token digits")
struct TokenDigitsTests {
    @Test("parseDigits gives what Int(_:) gives for 1 to 12 ASCII digits, and nil for anything else")
    func parseDigitsAgreesWithInt() {
        var random = SystemRandomNumberGenerator()
        let pool = Array("0123456789") + ["9", "0", ".", ",", "-", "+", " ", "a", "一", "０"]
        var samples = ["", "0", "007", "123456789012", "1234567890123", "999999999999", "+5", "-5", "1.5", "1,000", "０"]
        for _ in 0..<5_000 {
            samples.append(String((0..<Int.random(in: 0...15, using: &random)).map { _ in pool.randomElement(using: &random)! }))
        }
        for text in samples {
            let plainDigits = !text.isEmpty && text.utf8.count <= 12 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            #expect(Token.parseDigits(text) == (plainDigits ? Int(text) : nil), "\(text)")
        }
        var token = Token(kind: .number, text: "1,234", line: 0)
        token.digits = "1234"
        token.negative = true
        #expect(token.integer == -1234)
        #expect(Token(kind: .number, text: "1234567890123", line: 0).integer == nil)
    }
}

/// The one-pass search for many fragments, against searching for each fragment on its own.
@Suite("FragmentSet: many fragments in one pass")
struct FragmentSetTests {
    @Test("first offsets (and String.byteOffset) equal a naive search per fragment on 20,000 random texts")
    func firstOffsetsAgreeWithSearchPerFragment() {
        // Fragments sharing first bytes and characters (本年, 本年新收; 其他; 2-byte é), a one-character
        // fragment and ASCII; texts built from them, their pieces and other characters, so that
        // matches start at every kind of character and near misses are frequent.
        let fragments = ["本年", "本年新收", "新收申请", "其他", "其他处理", "将", "ab", "é中", "3其他"]
        let pieces = fragments + ["本", "年", "新", "收", "其", "他", "a", "b", "3", " ", "é", "中", "Ω", "𠀀", "e\u{301}", "理"]
        let set = FragmentSet(fragments)
        var random = RobustnessTests.Random(state: 20_261_207)
        var found = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<random.below(12) { text += pieces[random.below(pieces.count)] }
            var copy = text
            let offsets = copy.withUTF8 { set.firstOffsets(in: $0) }
            let expected = fragments.map { Self.naiveOffset(of: Array($0.utf8), in: Array(text.utf8)) ?? -1 }
            #expect(offsets == expected, "\(text)")
            #expect(fragments.map { text.byteOffset(of: $0) ?? -1 } == expected, "\(text)")
            #expect(copy.withUTF8 { set.containsAny(in: $0) } == expected.contains { $0 >= 0 }, "\(text)")
            found += expected.filter { $0 >= 0 }.count
        }
        #expect(found > 10_000)
    }

    @Test("String.byteOffset equals a naive search on 5,000 long random texts (the memchr path)")
    func longTexts() {
        // With "bb" and "年年", a candidate that fails can end one byte before a match.
        let fragments = ["本年", "本年新收", "新收申请", "其他", "其他处理", "将", "ab", "é中", "3其他", "理", "a", "bb", "年年"]
        let pieces = fragments + ["本", "年", "新", "收", "其", "他", "a", "b", "3", " ", "é", "中", "Ω", "𠀀", "e\u{301}", "公开政府信息"]
        var random = RobustnessTests.Random(state: 20_261_208)
        var found = 0
        var long = 0
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<(10 + random.below(60)) { text += pieces[random.below(pieces.count)] }
            if text.utf8.count >= 64 { long += 1 }
            let expected = fragments.map { FragmentSetTests.naiveOffset(of: Array($0.utf8), in: Array(text.utf8)) ?? -1 }
            #expect(fragments.map { text.byteOffset(of: $0) ?? -1 } == expected, "\(text)")
            found += expected.filter { $0 >= 0 }.count
        }
        #expect(long > 3_000)
        #expect(found > 20_000)
    }

    /// The first offset of `needle` in `haystack`, trying every byte position: the reference.
    static func naiveOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
