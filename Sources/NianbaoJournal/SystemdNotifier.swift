/// Speaks the sd_notify protocol to the service manager (`NOTIFY_SOCKET`).
///
/// CONTRACT STUB — to be implemented (issue 4). Every method is a no-op when no socket is set.
public final class SystemdNotifier: Sendable {
    /// A notifier for the socket named in the environment, or one that does nothing.
    public init() {}

    /// Whether a notification socket is set.
    public var isEnabled: Bool { false }
    /// The watchdog interval the manager asked for (`WATCHDOG_USEC`), in seconds, or `nil`.
    public var watchdogInterval: Double? { nil }

    /// `READY=1`, with an optional `STATUS=`.
    public func ready(status: String? = nil) {}
    /// `STATUS=…`
    public func status(_ text: String) {}
    /// `WATCHDOG=1`
    public func watchdog() {}
    /// `RELOADING=1` with `MONOTONIC_USEC=`.
    public func reloading() {}
    /// `STOPPING=1`
    public func stopping() {}
    /// `EXTEND_TIMEOUT_USEC=…`
    public func extendTimeout(seconds: Double) {}
}
