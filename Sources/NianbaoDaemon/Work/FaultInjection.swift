import Glibc

/// Faults the integration tests inject into a real daemon process, through its environment.
///
/// `NIANBAOD_TEST_CRASH_ON_NAME=TEXT` makes the daemon crash (a trap, as a checker bug would) when
/// it is about to check a file whose name contains `TEXT`, so the tests can watch a crash, the
/// restarts and ``LeftoverAttempts`` end it. Unset (always, in production), it costs one `nil` test.
enum FaultInjection {
    /// The name fragment that crashes the checker, from the environment at start-up.
    static let crashMarker: String? = getenv("NIANBAOD_TEST_CRASH_ON_NAME").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }

    /// Crashes the process when `name` holds ``crashMarker``.
    static func crashIfChecking(_ name: String) {
        guard let marker = crashMarker, name.contains(marker) else { return }
        fatalError("NIANBAOD_TEST_CRASH_ON_NAME: crashing while checking \(name), as asked")
    }
}
