/// One mistake in a configuration file: where, which key, what is wrong and what to do.
public struct ConfigurationIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line (1-based; 0 when the mistake is about the file as a whole).
    public var line: Int
    /// The key as written with its table (`mail.sender`, `inboxes[2].path`), or empty.
    public var key: String
    /// What is wrong and what to do.
    public var message: String

    /// An issue at `line` (0: the whole file) about `key`.
    public init(line: Int, key: String, message: String) {
        self.line = line
        self.key = key
        self.message = message
    }

    /// `FILE:LINE: KEY: MESSAGE`, the form `config check` prints.
    public func formatted(file: String) -> String {
        let place = line > 0 ? "\(file):\(line)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }

    /// The issue as `configuration:LINE: KEY: MESSAGE`.
    public var description: String { formatted(file: "configuration") }
}

/// Every mistake found in one configuration file.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    /// The file as it was named on the command line.
    public var file: String
    /// The mistakes, in line order.
    public var issues: [ConfigurationIssue]

    /// One formatted issue per line.
    public var description: String { issues.map { $0.formatted(file: file) }.joined(separator: "\n") }
}
