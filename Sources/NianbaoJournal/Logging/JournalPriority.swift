import Logging

/// The syslog priority (0 emergency … 7 debug) that journald stores in `PRIORITY`.
public enum JournalPriority {
    /// The priority for a swift-log level: trace and debug 7, info 6, notice 5, warning 4, error 3,
    /// critical 2.
    public static func of(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
