import Foundation
@testable import NianbaoCore
import Testing

/// The hand-written JSON writer: strings escaped exactly, integers written exactly.
@Suite("JSON writer")
struct JSONWriterTests {
    /// What `escape` must produce, written the slow way: scalar by scalar.
    static func reference(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func escaped(_ string: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.escape(string, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("every ASCII character, and the characters that share E2 with U+2028 and U+2029")
    func specialCharacters() throws {
        let ascii = String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) }))
        #expect(Self.escaped(ascii) == Self.reference(ascii))
        // E2-led characters that are not line separators are copied: dashes, quotes, the minus sign.
        let e2 = "—–‘’“”…\u{2028}\u{2029}\u{2027}\u{202A}−€"
        #expect(Self.escaped(e2) == Self.reference(e2))
        #expect(Self.escaped("a\u{2028}b") == "\"a\\u2028b\"")
        #expect(Self.escaped("第三部分\"表格\"\\") == "\"第三部分\\\"表格\\\"\\\\\"")
        // A lone E2 at the end of a string cannot be a separator.
        #expect(Self.escaped("x—") == "\"x—\"")
    }

    @Test("random strings: equal to the reference, and read back by JSONSerialization")
    func randomStrings() throws {
        var random = SystemRandomNumberGenerator()
        // (No U+FEFF: Foundation's JSONSerialization drops it from strings it reads.)
        let pool: [Unicode.Scalar] = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
            + ["\u{2028}", "\u{2029}", "—", "“", "”", "年", "报", "（", "）", "\u{3000}", "😀"]
        for _ in 0..<2_000 {
            // Up to 120 characters: runs long enough for the eight-bytes-at-a-time scan, specials anywhere in a word.
            let length = Int.random(in: 0...120, using: &random)
            let string = String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &random)! }))
            let json = Self.escaped(string)
            #expect(json == Self.reference(string), "for \(string.debugDescription)")
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            #expect(parsed == [string], "for \(string.debugDescription)")
        }
    }

    @Test("the eight-byte scan flags a word exactly when one of its bytes needs escaping")
    func wordScan() {
        let special: Set<UInt8> = Set((0..<0x20).map(UInt8.init) + [0x22, 0x5C, 0x7F, 0xE2])
        // Every byte value at every position, among fillers that need nothing (and that sit
        // next to the special values: borrows in the bit tricks must not spill into a verdict).
        for filler: UInt8 in [0x61, 0x20, 0x21, 0x23, 0x5B, 0x80, 0xE1, 0xE3, 0xE5, 0xFF] {
            for position in 0..<8 {
                for value in 0...255 {
                    var word = [UInt8](repeating: filler, count: 8)
                    word[position] = UInt8(value)
                    let flagged = word.withUnsafeBytes { JSONWriter.wordNeedsAttention($0.baseAddress!) }
                    #expect(flagged == special.contains(UInt8(value)), "byte \(value) at \(position) among \(filler)")
                }
            }
        }
    }

    @Test("long plain text with rare specials: equal to the reference")
    func sparseSpecials() {
        var random = SystemRandomNumberGenerator()
        let plain: [Unicode.Scalar] = ["年", "报", "公", "开", "a", "1", " ", "（", "）", "，", "。", "😀"]
        let specials: [Unicode.Scalar] = ["\"", "\\", "\n", "\t", "\u{01}", "\u{7F}", "\u{2028}", "\u{2029}", "—", "“"]
        for _ in 0..<1_000 {
            var scalars = (0..<Int.random(in: 0...300, using: &random)).map { _ in plain.randomElement(using: &random)! }
            for _ in 0..<Int.random(in: 0...3, using: &random) where !scalars.isEmpty {
                scalars[Int.random(in: 0..<scalars.count, using: &random)] = specials.randomElement(using: &random)!
            }
            let string = String(String.UnicodeScalarView(scalars))
            #expect(Self.escaped(string) == Self.reference(string), "for \(string.debugDescription)")
        }
    }

    @Test("integers and nulls in arrays and members")
    func integers() throws {
        let values: [Int?] = [0, 7, 10, 99, 100, 12_345, -1, -40, nil, Int.max, Int.min + 1]
        var writer = JSONWriter(pretty: false)
        writer.beginObject()
        writer.intArray("cells", values)
        writer.int("one", 1_000_000)
        writer.int("none", nil)
        writer.endObject()
        let text = writer.output
        #expect(text == "{\"cells\":[0,7,10,99,100,12345,-1,-40,null,\(Int.max),\(Int.min + 1)],\"one\":1000000,\"none\":null}")
        #expect(writer.outputBytes == Array(text.utf8))
    }

    @Test("every power of ten and its neighbours, Int.min and Int.max, and 5,000 random integers, as String(_:) writes them")
    func integerDigits() {
        var values: [Int] = [Int.min, Int.max, Int.min + 1, Int.max - 1]
        var power = 1
        for _ in 0...18 {
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
            if power <= Int.max / 10 { power *= 10 }
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let digits = Int.random(in: 1...18, using: &random)
            values.append(Int.random(in: -(1 << (digits * 3))...(1 << (digits * 3)), using: &random))
        }
        for pretty in [false, true] {
            var writer = JSONWriter(pretty: pretty)
            writer.beginObject()
            writer.intArray("cells", values.map { $0 })
            for (index, value) in values.prefix(200).enumerated() { writer.int("v\(index)", value) }
            writer.endObject()
            let separator = pretty ? ", " : ","
            let array = "[" + values.map { String($0) }.joined(separator: separator) + "]"
            #expect(writer.output.contains(array))
            for (index, value) in values.prefix(200).enumerated() {
                #expect(writer.output.contains("\"v\(index)\":\(pretty ? " " : "")\(value)"), "\(value)")
            }
        }
    }

    @Test("output far past the first allocation, in every size of step, equals the same JSON built as a string")
    func longOutput() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var writer = JSONWriter(pretty: false)
            var expected = "["
            writer.beginArray()
            for index in 0..<Int.random(in: 500...3_000, using: &random) {
                // Strings of 0 to 300 characters (some escaped), integers and nulls, so that the
                // buffer fills at every offset.
                let text = String(repeating: index % 7 == 0 ? "年\"" : "a", count: Int.random(in: 0...300, using: &random))
                writer.string(nil, text)
                expected += (index == 0 ? "" : ",") + Self.reference(text)
            }
            writer.endArray()
            expected += "]"
            #expect(writer.output == expected)
            #expect(writer.outputBytes == Array(expected.utf8))
        }
    }

    @Test("indentation at every depth, past the 64 spaces written at once")
    func indentation() throws {
        var writer = JSONWriter(pretty: true)
        for level in 0..<40 { writer.beginObject(level == 0 ? nil : "l\(level)") }
        writer.intArray("cells", [1, nil, 3])
        for _ in 0..<40 { writer.endObject() }
        let lines = writer.output.split(separator: "\n", omittingEmptySubsequences: false)
        // Line n (from 1) opens level n, indented by two spaces a level.
        for (index, line) in lines.enumerated() where index > 0 && index < 40 {
            #expect(line == Substring(String(repeating: " ", count: 2 * index) + "\"l\(index)\": {"))
        }
        #expect(lines[40] == Substring(String(repeating: " ", count: 80) + "\"cells\": [1, null, 3]"))
        let parsed = try JSONSerialization.jsonObject(with: Data(writer.output.utf8))
        #expect(parsed is [String: Any])
    }
}
