#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the mail machinery (spool, state or sendmail), with what went wrong and where.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, in English, for logs.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The error for a failed system call, with `errno`'s text and the path.
    static func system(_ call: String, path: String) -> MailError {
        let code = errno
        return MailError("\(call) \(MailText.visible(path)) failed: \(String(cString: strerror(code))) (errno \(code))")
    }

    /// The message.
    public var description: String { message }
}
