import Glibc
import NianbaoTestSupport
import Testing

@testable import NianbaoJournal

/// sd_notify messages, read from a real datagram socket standing in for systemd's.
@Suite("sd_notify")
struct SystemdNotifierTests {
    @Test("the lifecycle sequence: READY, STATUS, WATCHDOG, RELOADING with MONOTONIC_USEC, READY, STOPPING")
    func lifecycleSequence() throws {
        let listener = try NotifyListener()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "30000000"])
        #expect(notifier.isEnabled)
        #expect(notifier.watchdogInterval == 30)

        notifier.extendTimeout(seconds: 45)
        notifier.ready(status: "监视 1 个收件箱")
        notifier.status("排队 0，今日通过 3，退回 1")
        notifier.watchdog()
        let before = monotonicMicroseconds()
        notifier.reloading()
        let after = monotonicMicroseconds()
        notifier.ready()
        notifier.stopping()

        #expect(listener.next(timeout: 5) == "EXTEND_TIMEOUT_USEC=45000000")
        #expect(listener.next(timeout: 5) == "READY=1\nSTATUS=监视 1 个收件箱")
        #expect(listener.next(timeout: 5) == "STATUS=排队 0，今日通过 3，退回 1")
        #expect(listener.next(timeout: 5) == "WATCHDOG=1")
        let reloading = try #require(listener.next(timeout: 5))
        let lines = reloading.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(
            lines.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil })
        #expect(lines.count == 2 && stamp >= before && stamp <= after, "MONOTONIC_USEC is CLOCK_MONOTONIC now")
        #expect(listener.next(timeout: 5) == "READY=1")
        #expect(listener.next(timeout: 5) == "STOPPING=1")
    }

    @Test("an abstract socket (@name) works")
    func abstractSocket() throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = SystemdNotifier(socketPath: listener.path)
        notifier.ready()
        #expect(listener.next(timeout: 5) == "READY=1")
    }

    @Test("a status with line breaks cannot smuggle in another assignment")
    func statusIsOneLine() throws {
        let listener = try NotifyListener()
        let notifier = SystemdNotifier(socketPath: listener.path)
        notifier.status("收件箱 a\nREADY=1\r\nSTOPPING=1")
        #expect(listener.next(timeout: 5) == "STATUS=收件箱 a READY=1 STOPPING=1")
    }

    @Test("without NOTIFY_SOCKET everything is a no-op")
    func disabledWithoutSocket() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        #expect(notifier.send(["READY=1"]) == 0)
        #expect(!SystemdNotifier(socketPath: "relative/path").isEnabled)
    }

    @Test("WATCHDOG_USEC counts only for the process named by WATCHDOG_PID")
    func watchdogPID() {
        let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(mine.watchdogInterval == 2)
        let other = SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(other.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
    }

    @Test("a socket nobody listens on reports the error instead of failing silently")
    func missingListener() throws {
        let notifier = SystemdNotifier(socketPath: "/run/nianbaod-test-no-such-socket-\(getpid())")
        #expect(notifier.isEnabled)
        #expect(notifier.send(["READY=1"]) == ENOENT)
    }

    @Test("the process environment is read by init()")
    func processEnvironment() throws {
        // The test runner has no NOTIFY_SOCKET unless run under systemd; the notifier must agree.
        let expected = getenv("NOTIFY_SOCKET") != nil
        #expect(SystemdNotifier().isEnabled == expected)
    }

    private func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
