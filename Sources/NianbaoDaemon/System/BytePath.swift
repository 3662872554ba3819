/// A file system path as bytes, so names that are not UTF-8 survive (`URL` and `String` paths
/// would not).
public struct BytePath: Sendable, Hashable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public var bytes: [UInt8]

    /// The given bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
    /// The UTF-8 bytes of `string`.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// This folder's entry `name`.
    public func appending(_ name: FileName) -> BytePath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        joined += name.bytes
        return BytePath(bytes: joined)
    }

    /// This folder's entry `component` (plain text, such as an inbox name).
    public func appending(_ component: String) -> BytePath { appending(FileName(component)) }

    /// The last component.
    public var lastComponent: FileName {
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) { return FileName(bytes: Array(bytes[(slash + 1)...])) }
        return FileName(bytes: bytes)
    }

    /// The folder holding this path (`.` for a bare name).
    public var parent: BytePath {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return BytePath(".") }
        return BytePath(bytes: slash == 0 ? [UInt8(ascii: "/")] : Array(bytes[..<slash]))
    }

    /// The path for printing, control characters and invalid UTF-8 escaped.
    public var escaped: String { FileName.text(of: bytes, escapingControls: true) }
    /// The path as text (invalid UTF-8 as `\xNN`), for JSON.
    public var text: String { FileName.text(of: bytes, escapingControls: false) }
    /// The escaped form.
    public var description: String { escaped }

    /// Calls `body` with the path as a NUL-terminated C string.
    public func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var terminated = bytes
        terminated.append(0)
        return try terminated.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { try body($0) }
        }
    }
}
