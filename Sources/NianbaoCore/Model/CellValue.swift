/// One number of a table as read from the report.
///
/// Counts are integers; money amounts are decimals kept as written (``decimal``), never rounded.
/// A cell holds no reference (``DecimalText`` keeps its characters inline), so the rows of cells
/// the recognizer builds, compares and drops by the hundred per report are plain values: copied
/// without reference counting and freed without visiting each cell.
public enum CellValue: Sendable, Hashable {
    case integer(Int)
    /// A decimal amount as written, without unit (for example `"5949.088667"`).
    case decimal(DecimalText)

    /// The value as an integer, when it is one.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// A decimal amount exactly as written (`"5949.088667"`, `"-3.50"`): at most ``capacity`` ASCII
/// characters, kept inline.
///
/// An amount written with more characters is not a ``DecimalText`` (``init(_:)`` gives `nil`), and
/// the recognizer treats it as a value it cannot read rather than shorten it.
public struct DecimalText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The most characters an amount may have (a sign, a point and 21 digits).
    public static let capacity = 23

    /// The characters in the first 23 bytes, their count in the last one.
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)

    /// The amount `text` (ASCII, at most ``capacity`` bytes), or `nil` when it is longer or not ASCII.
    public init?(_ text: some StringProtocol) {
        self.init(negative: false, digits: text)
    }

    /// The amount `digits` (with a point for decimals) with a minus sign first when `negative`, or
    /// `nil` when that is more than ``capacity`` characters or not ASCII.
    public init?(negative: Bool, digits: some StringProtocol, fraction: Substring = "") {
        let utf8 = digits.utf8
        let count = (negative ? 1 : 0) + utf8.count + fraction.utf8.count
        guard count <= Self.capacity, utf8.allSatisfy({ $0 < 0x80 }), fraction.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        withUnsafeMutableBytes(of: &words) { raw in
            var index = 0
            if negative {
                raw[0] = 0x2D
                index = 1
            }
            for byte in utf8 {
                raw[index] = byte
                index += 1
            }
            for byte in fraction.utf8 {
                raw[index] = byte
                index += 1
            }
            raw[Self.capacity] = UInt8(count)
        }
    }

    /// A whole amount (`1200`): its decimal digits, which always fit.
    public init(_ integer: Int) {
        self = DecimalText(String(integer))!
    }

    /// An amount written in source code (tests); it must fit.
    public init(stringLiteral value: String) {
        guard let text = DecimalText(value) else { preconditionFailure("not a DecimalText: \(value)") }
        self = text
    }

    /// The number of characters.
    public var count: Int { withUnsafeBytes(of: words) { Int($0[Self.capacity]) } }

    /// The amount as written.
    public var text: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    public var description: String { text }

    /// Whether the amount is written with a minus sign.
    public var isNegative: Bool { withUnsafeBytes(of: words) { $0[Self.capacity] > 0 && $0[0] == 0x2D } }

    /// Calls `body` with the characters' bytes.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: words) { raw in
            try raw.withMemoryRebound(to: UInt8.self) { bytes in
                try body(UnsafeBufferPointer(rebasing: bytes[0..<Int(bytes[Self.capacity])]))
            }
        }
    }

    public static func == (left: DecimalText, right: DecimalText) -> Bool {
        left.words.0 == right.words.0 && left.words.1 == right.words.1 && left.words.2 == right.words.2
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
    }
}
