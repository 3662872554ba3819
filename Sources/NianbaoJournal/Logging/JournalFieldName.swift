/// Turns arbitrary metadata keys into valid journal field names.
///
/// The journal accepts field names made of upper-case ASCII letters, digits and `_`, not starting
/// with `_` (reserved for fields journald itself adds, such as `_PID`) or a digit, at most 64 bytes.
/// journald silently drops a field whose name breaks these rules, so every key is sanitized first.
public enum JournalFieldName {
    /// The longest field name journald accepts.
    public static let maximumLength = 64

    /// The valid field name for `key`.
    ///
    /// Lower-case ASCII letters become upper-case, every other character outside `[A-Z0-9_]`
    /// (including every non-ASCII character) becomes `_`. A name starting with `_` or a digit, or an
    /// empty one, gets the prefix `X`; a name longer than ``maximumLength`` is cut.
    ///
    /// - Parameter key: A metadata key such as `NIANBAO_FILE`, `inbox` or `request-id`.
    /// - Returns: For example `NIANBAO_FILE`, `INBOX`, `REQUEST_ID`; `_PID` becomes `X_PID`.
    public static func sanitize(_ key: String) -> String {
        if isAlreadyValid(key.utf8) { return key }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x30...0x39, 0x5F: bytes.append(UInt8(scalar.value))
            case 0x61...0x7A: bytes.append(UInt8(scalar.value - 0x20))
            default: bytes.append(0x5F)
            }
        }
        if bytes.isEmpty || bytes[0] == 0x5F || (0x30...0x39).contains(bytes[0]) {
            bytes.insert(0x58, at: 0)
        }
        if bytes.count > maximumLength {
            bytes.removeLast(bytes.count - maximumLength)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The common case, checked without building a new string.
    private static func isAlreadyValid(_ utf8: String.UTF8View) -> Bool {
        guard let first = utf8.first, (0x41...0x5A).contains(first), utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Whether `name` is already a valid journal field name.
    public static func isValid(_ name: String) -> Bool {
        sanitize(name) == name
    }
}
