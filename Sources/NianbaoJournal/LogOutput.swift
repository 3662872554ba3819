import Logging

/// Where log events go.
public enum LogOutput: String, Sendable, CaseIterable {
    /// The journal when its socket exists, stderr otherwise.
    case auto
    /// The systemd journal (`sd_journal_sendv`).
    case journal
    /// Standard error with `<N>` priority prefixes.
    case stderr
}

/// Installs the log handler for the process.
///
/// CONTRACT STUB — to be implemented (issue 4): the journal handler and the stderr handler.
public enum JournalLogging {
    /// Bootstraps swift-log once for the process with `output`.
    public static func bootstrap(_ output: LogOutput, identifier: String = "nianbaod") {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }

    /// Whether the journal socket exists (`/run/systemd/journal/socket`).
    public static var journalAvailable: Bool { false }
}
