/// One mistake in a configuration file: where, which key, what is wrong and what to do.
public struct ConfigurationIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line (1-based; 0 when the mistake is about the file as a whole).
    public var line: Int
    /// The key as written with its table (`mail.sender`, `inboxes[2].path`), or empty.
    public var key: String
    public var message: String

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

    public var description: String { formatted(file: "configuration") }
}

/// Every mistake found in one configuration file.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var issues: [ConfigurationIssue]

    public var description: String { issues.map { $0.formatted(file: file) }.joined(separator: "\n") }
}
