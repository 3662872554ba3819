/// A validated e-mail address (`local@domain`), safe to put into a header.
///
/// Only a conservative subset of RFC 5322's addr-spec is accepted: a dot-atom local part (without `|`, `/`, quotes and braces, which some
/// local delivery agents treat specially) and a
/// domain of letters, digits, hyphens and dots (or a bare local name such as `root`, delivered
/// locally). No quotes, comments, angle brackets, commas, white space or control characters, so an
/// address can never carry a second recipient or a header.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as written in headers.
    public let value: String

    /// Validates `text` (surrounding spaces are ignored).
    /// - Returns: `nil` when `text` is not an acceptable address.
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 254 else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let local = parts[0]
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains(".."), local.utf8.allSatisfy(Self.isAtomByte)
        else { return nil }
        if parts.count == 2 {
            let domain = parts[1]
            guard !domain.isEmpty, !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
                domain.utf8.allSatisfy(Self.isDomainByte),
                domain.split(separator: ".").allSatisfy({ !$0.hasPrefix("-") && !$0.hasSuffix("-") })
            else { return nil }
        }
        value = trimmed
    }

    /// The domain part, or `nil` for a bare local name.
    public var domain: String? {
        value.firstIndex(of: "@").map { String(value[value.index(after: $0)...]) }
    }

    /// The address as written in headers.
    public var description: String { value }

    private static func isAtomByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&*+-=?^_~.".utf8).contains(byte)
        }
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
