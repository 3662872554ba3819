import Glibc

/// Faults the integration tests inject into a real daemon process, through its environment.
///
/// - `NIANBAOD_TEST_CRASH_ON_NAME=TEXT` makes the daemon crash (a trap, as a checker bug would)
///   when it is about to check a file whose name contains `TEXT`;
/// - `NIANBAOD_TEST_HANG_ON_NAME=TEXT` makes that check never end (as an endless loop would).
///
/// So the tests can watch a crash or a hang, the watchdog, the restarts, and ``LeftoverAttempts``
/// end it. Unset (always, in production), each costs one `nil` test per file.
enum FaultInjection {
    /// The name fragment that crashes the checker, from the environment at start-up.
    static let crashMarker = marker("NIANBAOD_TEST_CRASH_ON_NAME")
    /// The name fragment that hangs the checker.
    static let hangMarker = marker("NIANBAOD_TEST_HANG_ON_NAME")

    private static func marker(_ variable: String) -> String? {
        getenv(variable).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Crashes the process, or blocks the calling thread for good, when `name` holds a marker.
    static func strikeIfChecking(_ name: String) {
        if let marker = crashMarker, name.contains(marker) {
            fatalError("NIANBAOD_TEST_CRASH_ON_NAME: crashing while checking \(name), as asked")
        }
        if let marker = hangMarker, name.contains(marker) {
            while true { sleep(3600) }
        }
    }
}
