import Glibc
import Logging
import Synchronization

/// Where log events go.
public enum LogOutput: String, Sendable, CaseIterable {
    /// The journal when journald accepts connections on its socket, stderr otherwise.
    case auto
    /// The systemd journal (`sd_journal_sendv`).
    case journal
    /// Standard error with `<N>` priority prefixes.
    case stderr
}

/// Installs the log handler for the process.
public enum JournalLogging {
    /// The journal's native socket, which `sd_journal_sendv` writes to.
    public static let journalSocketPath = "/run/systemd/journal/socket"

    private static let bootstrapped = Mutex(false)

    /// Bootstraps swift-log once for the process with `output`.
    ///
    /// ``LogOutput/auto`` becomes ``LogOutput/journal`` when ``journalAvailable``, ``LogOutput/stderr``
    /// otherwise (see ``resolve(_:)``). swift-log allows one bootstrap per process; later calls do
    /// nothing.
    ///
    /// - Parameters:
    ///   - output: Where events go.
    ///   - identifier: The journal's `SYSLOG_IDENTIFIER`.
    public static func bootstrap(_ output: LogOutput, identifier: String = "nianbaod") {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let factory = makeFactory(output, identifier: identifier)
        LoggingSystem.bootstrap(factory, metadataProvider: nil)
        // Entries still queued for journald when the process exits normally are sent first.
        atexit { JournalLogging.flush(timeout: 5) }
    }

    /// Waits until every journal entry logged so far has been handed to journald.
    ///
    /// ``JournalLogHandler`` sends from a background queue; call this before an orderly exit that
    /// does not go through `exit()` (which flushes by itself after ``bootstrap(_:identifier:)``).
    ///
    /// - Parameter timeout: The longest wait, in seconds (journald may be stuck).
    /// - Returns: Whether everything was sent in time.
    @discardableResult
    public static func flush(timeout: Double = 10) -> Bool {
        JournalWriter.shared.flush(timeout: timeout)
    }

    /// The handler factory for `output`, for callers that bootstrap swift-log themselves (for example
    /// with a `MultiplexLogHandler`).
    public static func makeFactory(
        _ output: LogOutput, identifier: String = "nianbaod"
    ) -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
        switch resolve(output) {
        case .journal:
            return { label, provider in
                JournalLogHandler(label: label, identifier: identifier, metadataProvider: provider)
            }
        case .stderr, .auto:
            return { label, provider in StderrLogHandler(label: label, metadataProvider: provider) }
        }
    }

    /// `output` with ``LogOutput/auto`` decided: the journal when ``journalAvailable``, stderr otherwise.
    public static func resolve(_ output: LogOutput) -> LogOutput {
        switch output {
        case .auto: journalAvailable ? .journal : .stderr
        case .journal, .stderr: output
        }
    }

    /// Whether a journald listens on its native socket (`/run/systemd/journal/socket`).
    ///
    /// The socket file alone proves nothing: a journald that died, or a machine image taken while one
    /// ran, leaves the file behind with nobody reading it, and every entry sent there would be lost.
    /// So this connects a datagram socket to it, which fails with `ECONNREFUSED` on a stale file.
    ///
    /// A service started by systemd also has `JOURNAL_STREAM` set, but that only says stderr goes to
    /// the journal; the native socket is what ``JournalLogHandler`` needs.
    public static var journalAvailable: Bool {
        datagramSocketListens(at: journalSocketPath)
    }

    /// Whether a datagram `connect` to the Unix socket at `socketPath` succeeds.
    static func datagramSocketListens(at socketPath: String) -> Bool {
        guard let address = UnixSocketAddress(socketPath) else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return address.withSocketAddress { connect(descriptor, $0, $1) == 0 }
    }
}
