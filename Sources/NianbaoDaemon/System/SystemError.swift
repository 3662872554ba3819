import Glibc

/// A failed system call: the `errno`, what was being done and on which path.
///
/// Printed as `rename /srv/inbox/a.txt: No such file or directory`; the path is escaped so a hostile
/// file name cannot forge a log line.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` value.
    public var code: Int32
    /// The operation (`open`, `rename`, `inotify_add_watch`, …).
    public var operation: String
    /// The path involved, escaped for printing, or empty.
    public var path: String

    /// Captures the current `errno`.
    public init(_ operation: String, path: BytePath? = nil, code: Int32 = errno) {
        self.code = code
        self.operation = operation
        self.path = path?.escaped ?? ""
    }

    /// `OPERATION PATH: strerror`.
    public var description: String {
        let reason = String(cString: strerror(code))
        return path.isEmpty ? "\(operation): \(reason)" : "\(operation) \(path): \(reason)"
    }

    /// Runs `call` until it does not fail with `EINTR`.
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }
}
