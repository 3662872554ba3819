import Logging

/// A metadata value that is a byte string rather than text, such as a file name that is not valid
/// UTF-8.
///
/// Swift strings cannot hold invalid UTF-8, so a file name read from the file system as bytes would
/// lose information if turned into a `String`. Wrap the bytes instead: the journal handler sends
/// them byte-exact (journalctl shows such a value as an array of numbers in `-o json`), the stderr
/// handler prints each byte that is not part of valid UTF-8 as `\xNN`.
///
/// ```swift
/// logger.info("…", metadata: [JournalField.file: .bytes(nameBytes)])
/// ```
public struct JournalBytes: Sendable, Hashable, CustomStringConvertible {
    /// The bytes, exactly as given.
    public var bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The bytes as text, with each byte that is not part of valid UTF-8 as `\xNN`.
    public var description: String {
        LogTextEscaper.escapingInvalidUTF8(bytes)
    }
}

extension Logger.MetadataValue {
    /// A metadata value carrying `bytes` byte-exact to the journal (see ``JournalBytes``).
    public static func bytes(_ bytes: [UInt8]) -> Logger.MetadataValue {
        .stringConvertible(JournalBytes(bytes))
    }
}
