@testable import NianbaoCore
import NianbaoTestSupport
import Testing

/// The checker reads unmarked UTF-8 from the file's own bytes, trusting its own validator: that
/// validator must accept exactly what `String(validating:)` accepts, and the document read from
/// the bytes must be the one read from the decoded text.
@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    static func isValid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } }
    static func standardIsValid(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    @Test("every sequence of up to two bytes, and every lead byte with each boundary of its second byte")
    func exhaustiveShortSequences() {
        for first in 0...255 {
            #expect(Self.isValid([UInt8(first)]) == Self.standardIsValid([UInt8(first)]), "\(first)")
            for second in 0...255 {
                let pair = [UInt8(first), UInt8(second)]
                #expect(Self.isValid(pair) == Self.standardIsValid(pair), "\(pair)")
            }
        }
        // Three- and four-byte leads with each second byte, then good or bad continuation bytes.
        for lead in 0xE0...0xF7 {
            for second in 0...255 {
                for tail: [UInt8] in [[0x80], [0xBF], [0x41], [0xC0], [0x80, 0x80], [0x80, 0x41], [0xBF, 0xBF, 0x41]] {
                    let bytes = [UInt8(lead), UInt8(second)] + tail
                    #expect(Self.isValid(bytes) == Self.standardIsValid(bytes), "\(bytes)")
                }
            }
        }
    }

    @Test("50,000 random texts of valid characters with damaged bytes, ASCII runs and controls, and cut ends: validity and counts")
    func randomTexts() {
        var random = SystemRandomNumberGenerator()
        // Characters of every length, the edges of each range (U+007F, U+0080, U+07FF, U+0800,
        // U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF) and Chinese text.
        let characters: [[UInt8]] = ["a", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "年", "报", "\u{D7FF}", "\u{E000}",
            "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}", "12345678", "abcdefghijklmnop", "\t", "\n",
            // What the counts that tell text from binary count (and what they do not).
            "\u{00}", "\u{01}", "\u{1F}", "\r", "\u{0C}", "\u{FFFD}", "\u{FFFC}", "\u{9F}", " ", "0\t1\t2\t"].map { Array($0.utf8) }
        // Bytes that break text: stray continuations, overlong leads, surrogate and too-high forms.
        let damage: [[UInt8]] = [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE5, 0xB9]]
        var invalid = 0
        var withControls = 0
        for round in 0..<50_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                if Int.random(in: 0..<30, using: &random) == 0 {
                    bytes += damage.randomElement(using: &random)!
                } else {
                    bytes += characters.randomElement(using: &random)!
                }
            }
            // Every fifth text cut at a random point, often inside a character.
            if round % 5 == 0, !bytes.isEmpty { bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &random)) }
            let expected = Self.standardIsValid(bytes)
            if !expected { invalid += 1 }
            #expect(Self.isValid(bytes) == expected, "\(bytes)")
            // Valid text: the counts taken while validating are the decoder's.
            if expected {
                let counts = bytes.withUnsafeBufferPointer { UTF8Validation.validatedCounts($0) }
                let reference = bytes.withUnsafeBufferPointer { TextDecoder.scalarAndControlCounts($0) }
                #expect(counts?.scalars == reference.scalars && counts?.controls == reference.controls, "\(bytes)")
                if reference.controls > 0 { withControls += 1 }
            }
        }
        // Both answers were exercised.
        #expect(invalid > 5_000 && invalid < 45_000)
        #expect(withControls > 5_000)
    }

    /// The document the checker reads: from the bytes when they are unmarked UTF-8, else decoded.
    static func documentRead(_ bytes: [UInt8]) -> Result<SourceDocument, ReadFailure> {
        ReportChecker().read(bytes, name: "report.txt")
    }

    /// The document read the way every file was read before: decoded into text, then laid out.
    static func documentDecoded(_ bytes: [UInt8]) -> SourceDocument? {
        guard let decoded = TextDecoder.decode(bytes) else { return nil }
        return TextLayoutReader.read(text: decoded.text, encoding: decoded.encoding, name: "report.txt")
    }

    @Test("generated reports in every layout and encoding: the document from the bytes is the decoded one")
    func documentsAgree() throws {
        let reports = try ReportGenerator(seed: 20_261_207).corpus(count: 200)
        var fromBytes = 0
        for report in reports {
            let read = try Self.documentRead(report.bytes).get()
            #expect(read == Self.documentDecoded(report.bytes), "\(report.layout)")
            if report.bytes.withUnsafeBufferPointer({ TextDecoder.unmarkedUTF8Counts($0) }) != nil { fromBytes += 1 }
        }
        // Both paths were taken: 84 of these 200 are unmarked UTF-8, the rest have a mark or are GB18030 or UTF-16.
        #expect(fromBytes >= 50 && fromBytes < reports.count, "\(fromBytes) of \(reports.count) from the bytes")
    }

    @Test("text that is not plausible, and a UTF-8 mark, are answered as before")
    func edgeCases() throws {
        // Mostly control characters: not text.
        let controls = Array(String(repeating: "\u{01}年", count: 20).utf8)
        guard case .failure(let failure) = Self.documentRead(controls) else {
            Issue.record("control characters were read as text")
            return
        }
        #expect(failure.code == .unreadable)
        #expect(Self.documentDecoded(controls) == nil)
        // A UTF-8 mark is left to the decoder, which drops it.
        let marked: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("一、总体情况\n本机关".utf8)
        #expect(try Self.documentRead(marked).get() == Self.documentDecoded(marked))
        #expect(try Self.documentRead(marked).get().lines.first?.cells == ["一、总体情况"])
        // Empty text.
        #expect(try Self.documentRead([]).get() == Self.documentDecoded([]))
    }
}
