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
            let length = Int.random(in: 0...40, using: &random)
            let string = String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &random)! }))
            let json = Self.escaped(string)
            #expect(json == Self.reference(string), "for \(string.debugDescription)")
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            #expect(parsed == [string], "for \(string.debugDescription)")
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
}
