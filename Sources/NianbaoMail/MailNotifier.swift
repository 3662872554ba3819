import Logging
import NianbaoCore

/// Turns verdicts into rejection notices and digests and delivers them through sendmail.
///
/// CONTRACT STUB — to be implemented (issue 5). ``record(_:inbox:resultPath:)`` never blocks
/// report processing.
public final class MailNotifier: Sendable {
    public init(configuration: MailConfiguration, logger: Logger) {}

    /// Starts the delivery loop (spool retries, coalescing timer, digest schedule).
    public func start() {}

    /// Notes one processed file. Returns at once.
    public func record(_ result: CheckResult, inbox: String, resultPath: String) {}

    /// Replaces the configuration (on SIGHUP).
    public func reconfigure(_ configuration: MailConfiguration) {}

    /// Flushes pending coalesced notices to the spool and stops the loop.
    public func shutdown() {}
}
