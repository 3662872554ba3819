/// A file name as the kernel gave it: bytes, not necessarily UTF-8, never containing `/` or NUL.
///
/// Names with newlines, spaces or invalid UTF-8 are kept byte-exact; ``text`` and ``escaped`` are
/// for printing only.
public struct FileName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// The given bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
    /// The UTF-8 bytes of `string`.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// Byte-wise order.
    public static func < (lhs: FileName, rhs: FileName) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// The name as text: exact when it is valid UTF-8; otherwise each invalid byte becomes `\xNN`.
    /// Used for the result's `source.name`, where JSON escaping handles control characters.
    public var text: String { Self.text(of: bytes, escapingControls: false) }

    /// The name for logs, reasons and mail: like ``text``, with control characters escaped
    /// (`\n`, `\t`, `\u{7f}`), so a name can never start a new line or forge a field.
    public var escaped: String { Self.text(of: bytes, escapingControls: true) }

    /// The escaped form.
    public var description: String { escaped }

    /// Whether the name starts with a dot.
    public var isHidden: Bool { bytes.first == UInt8(ascii: ".") }

    static func text(of bytes: [UInt8], escapingControls: Bool) -> String {
        // Most names are valid UTF-8 with nothing to escape: they are their own text.
        if !escapingControls || !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x5C }),
            let plain = String(validating: bytes, as: UTF8.self)
        {
            return plain
        }
        return scalarByScalarText(of: bytes, escapingControls: escapingControls)
    }

    /// ``text(of:escapingControls:)`` made scalar by scalar: the way for names with invalid bytes
    /// or characters to escape (and the reference the quick way is tested against).
    static func scalarByScalarText(of bytes: [UInt8], escapingControls: Bool) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = Self.sequenceLength(bytes, at: index)
            if length == 0 {
                out += "\\x" + hex(bytes[index])
                index += 1
                continue
            }
            let scalarText = String(decoding: bytes[index..<index + length], as: UTF8.self)
            if escapingControls, let scalar = scalarText.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
                switch scalar {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default: out += "\\u{\(String(scalar.value, radix: 16))}"
                }
            } else if escapingControls && scalarText == "\\" {
                out += "\\\\"
            } else {
                out += scalarText
            }
            index += length
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 when the byte there starts none.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            let (low, high) = offset == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
            if byte < low || byte > high { return 0 }
        }
        return length
    }
}
