/// Escapes text for the one-line-per-event stderr format, so that no value can forge a line.
///
/// Control characters become `\n`, `\r`, `\t` or `\xNN`; the Unicode line and paragraph separators
/// and NEL become `\u{2028}` and the like; a byte that is not part of valid UTF-8 becomes `\xNN`. In
/// values a backslash becomes `\\`, so that they decode exactly; in the message, text for people in
/// which the daemon already shows file names escaped (`b\nc.txt`), a backslash is kept, not doubled.
/// Everything else, including Chinese text, is kept as it is.
enum LogTextEscaper {
    /// `bytes` with only the invalid UTF-8 bytes written as `\xNN`.
    static func escapingInvalidUTF8(_ bytes: [UInt8]) -> String {
        var out = ""
        forEachScalar(in: bytes) { scalar in
            out.unicodeScalars.append(scalar)
        } invalid: { byte in
            out += hex(byte)
        }
        return out
    }

    /// The message part of a stderr line: escaped, never quoted.
    static func escapeMessage(_ bytes: [UInt8]) -> String {
        escape(bytes, quote: false, backslash: false)
    }

    /// A `key=value` value: escaped, and in double quotes when empty or when it holds a space, a
    /// quote, `=` or anything that had to be escaped.
    static func escapeValue(_ bytes: [UInt8]) -> String {
        let escaped = escape(bytes, quote: true, backslash: true)
        let needsQuotes =
            bytes.isEmpty
            || escaped.utf8.count != bytes.count
            || bytes.contains(where: { $0 == 0x20 || $0 == 0x3D || $0 == 0x22 })
        return needsQuotes ? "\"" + escaped + "\"" : escaped
    }

    private static func escape(_ bytes: [UInt8], quote: Bool, backslash: Bool) -> String {
        // Most text (file names, codes, Chinese messages) needs nothing escaped: one pass over the
        // bytes finds that, and the text is taken as it is instead of scalar by scalar.
        if !needsEscaping(bytes, quote: quote, backslash: backslash), let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        var out = ""
        out.reserveCapacity(bytes.count)
        forEachScalar(in: bytes) { scalar in
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C where backslash: out += "\\\\"
            case 0x22 where quote: out += "\\\""
            case 0x00...0x1F, 0x7F: out += hex(UInt8(scalar.value))
            case 0x80...0x9F, 0x2028, 0x2029:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        } invalid: { byte in
            out += hex(byte)
        }
        return out
    }

    /// Whether `bytes` hold a byte that ``escape(_:quote:backslash:)`` may change: a control
    /// character, a backslash or quote when those are escaped, or the lead bytes of C1 controls
    /// (C2 80–9F) and of U+2028/U+2029 (E2). Invalid UTF-8 is found by the validation after it.
    private static func needsEscaping(_ bytes: [UInt8], quote: Bool, backslash: Bool) -> Bool {
        bytes.contains { byte in
            byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || (backslash && byte == 0x5C) || (quote && byte == 0x22)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Calls `valid` for each well-formed scalar and `invalid` for each byte of an ill-formed
    /// sequence.
    private static func forEachScalar(
        in bytes: [UInt8], valid: (Unicode.Scalar) -> Void, invalid: (UInt8) -> Void
    ) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                valid(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<offset + length] { invalid(byte) }
                offset += length
            case .emptyInput:
                return
            }
        }
    }
}
