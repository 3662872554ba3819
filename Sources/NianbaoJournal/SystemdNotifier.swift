import Glibc

/// Speaks the sd_notify protocol to the service manager (`NOTIFY_SOCKET`).
///
/// Each call sends one datagram of newline-separated assignments, the way `sd_notify(3)` does, to a
/// file-system socket or an abstract one (`@name`). Every method is a no-op when no socket is set,
/// so the daemon calls them unconditionally. Texts are made single-line before sending, so a status
/// can never smuggle in another assignment such as `READY=1`.
///
/// The environment is read, not changed: child processes (sendmail) inherit `NOTIFY_SOCKET`, but the
/// manager only accepts messages from the main process (`NotifyAccess=main`, the default).
public final class SystemdNotifier: Sendable {
    private let socket: NotifySocket?
    private let watchdogMicroseconds: UInt64?

    /// A notifier for the socket named in the environment, or one that does nothing.
    public convenience init() {
        self.init(environment: Self.processEnvironment())
    }

    /// A notifier for `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` taken from `environment`.
    ///
    /// `WATCHDOG_USEC` counts only when `WATCHDOG_PID` is absent or names this process, as in
    /// `sd_watchdog_enabled(3)`.
    public convenience init(environment: [String: String]) {
        var watchdog = environment["WATCHDOG_USEC"].flatMap { UInt64($0) }
        if let pid = environment["WATCHDOG_PID"], pid_t(pid) != getpid() {
            watchdog = nil
        }
        self.init(socketPath: environment["NOTIFY_SOCKET"], watchdogMicroseconds: watchdog)
    }

    /// A notifier for an explicit socket (`/path` or `@abstract`), for tests and embedding.
    ///
    /// - Parameters:
    ///   - socketPath: The socket, or `nil` for a notifier that does nothing.
    ///   - watchdogMicroseconds: The watchdog interval the manager asked for, or `nil`.
    public init(socketPath: String?, watchdogMicroseconds: UInt64? = nil) {
        socket = socketPath.flatMap { NotifySocket(path: $0) }
        self.watchdogMicroseconds = watchdogMicroseconds.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether a notification socket is set.
    public var isEnabled: Bool { socket != nil }

    /// The notification socket's address as given, or `nil`.
    public var socketPath: String? { socket?.path }

    /// The watchdog interval the manager asked for (`WATCHDOG_USEC`), in seconds, or `nil`.
    public var watchdogInterval: Double? {
        watchdogMicroseconds.map { Double($0) / 1_000_000 }
    }

    /// `READY=1`, with an optional `STATUS=`.
    public func ready(status: String? = nil) {
        var lines = ["READY=1"]
        if let status { lines.append("STATUS=" + Self.singleLine(status)) }
        send(lines)
    }

    /// `STATUS=…`
    public func status(_ text: String) {
        send(["STATUS=" + Self.singleLine(text)])
    }

    /// `WATCHDOG=1`
    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (`CLOCK_MONOTONIC` now, in microseconds), as
    /// `Type=notify-reload` requires and `Type=notify` accepts. Send ``ready(status:)`` when done.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.microseconds)"])
    }

    /// `STOPPING=1`
    public func stopping() {
        send(["STOPPING=1"])
    }

    /// `EXTEND_TIMEOUT_USEC=…`: asks the manager for `seconds` more before a start, reload or stop
    /// times out, counted from now.
    public func extendTimeout(seconds: Double) {
        let microseconds = UInt64(max(0, seconds) * 1_000_000)
        send(["EXTEND_TIMEOUT_USEC=\(microseconds)"])
    }

    /// Sends `assignments` (`NAME=value`, each single-line) as one message.
    ///
    /// - Returns: 0 when sent or when notifications are off, otherwise the errno of the failure.
    @discardableResult
    public func send(_ assignments: [String]) -> Int32 {
        guard let socket else { return 0 }
        return socket.send(assignments.map(Self.singleLine).joined(separator: "\n"))
    }

    /// `text` with line breaks turned into spaces.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    private static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}
