import Foundation
import Synchronization
import Testing

@testable import NianbaoJournal

/// The progress watchdog: pings while components progress or idle, stops when one stalls.
@Suite("Progress watchdog")
struct ProgressWatchdogTests {
    @Test("period and stall timeout default to half the watchdog interval")
    func defaults() {
        let notifier = SystemdNotifier(socketPath: nil, watchdogMicroseconds: 20_000_000)
        let watchdog = ProgressWatchdog(notifier: notifier)
        #expect(watchdog.period == 10)
        #expect(watchdog.stallTimeout == 10)
    }

    @Test("a busy component without progress is stalled after the timeout; progress or idle clears it")
    func stallDetection() throws {
        let watchdog = ProgressWatchdog(
            notifier: SystemdNotifier(socketPath: nil), components: ["watcher", "workers"], period: 1,
            stallTimeout: 1)
        let start = MonotonicClock.nanoseconds
        #expect(watchdog.stalled(at: start + 5_000_000_000).isEmpty, "idle components never stall")

        watchdog.busy("workers")
        let busySince = MonotonicClock.nanoseconds
        #expect(watchdog.stalled(at: busySince + 500_000_000).isEmpty, "busy for less than the timeout")
        #expect(watchdog.stalled(at: busySince + 1_000_000_000) == ["workers"])

        watchdog.progress("workers")
        let progressed = MonotonicClock.nanoseconds
        #expect(watchdog.stalled(at: progressed + 500_000_000).isEmpty)
        #expect(watchdog.stalled(at: progressed + 2_000_000_000) == ["workers"])

        watchdog.busy("watcher")
        #expect(watchdog.stalled(at: MonotonicClock.nanoseconds + 3_000_000_000) == ["watcher", "workers"])

        watchdog.idle("workers")
        watchdog.remove("watcher")
        #expect(watchdog.stalled(at: MonotonicClock.nanoseconds + 3_000_000_000).isEmpty)
    }

    @Test("check() pings only when nothing is stalled, and reports each new stall once")
    func checkPings() throws {
        let listener = try NotifyListener()
        let reports = Mutex<[[String]]>([])
        let watchdog = ProgressWatchdog(
            notifier: SystemdNotifier(socketPath: listener.path), components: ["workers"], period: 60,
            stallTimeout: 0, onStall: { stalled in reports.withLock { $0.append(stalled) } })
        #expect(watchdog.check())
        #expect(listener.next(timeout: 5) == "WATCHDOG=1")
        watchdog.busy("workers")
        #expect(!watchdog.check(), "busy with a zero stall timeout counts as stalled at once")
        #expect(!watchdog.check())
        #expect(reports.withLock { $0 } == [["workers"]])
        watchdog.idle("workers")
        #expect(watchdog.check())
        #expect(listener.next(timeout: 5) == "WATCHDOG=1")
        watchdog.busy("workers")
        #expect(!watchdog.check())
        #expect(reports.withLock { $0 } == [["workers"], ["workers"]])
    }

    @Test("the timer runs only with a socket and a watchdog interval or an explicit period")
    func timerNeedsWatchdog() throws {
        let listener = try NotifyListener()
        let noInterval = ProgressWatchdog(notifier: SystemdNotifier(socketPath: listener.path))
        noInterval.start()
        #expect(!noInterval.isRunning)
        let noSocket = ProgressWatchdog(notifier: SystemdNotifier(socketPath: nil, watchdogMicroseconds: 1_000_000))
        noSocket.start()
        #expect(!noSocket.isRunning)
        let explicit = ProgressWatchdog(notifier: SystemdNotifier(socketPath: listener.path), period: 30)
        explicit.start()
        #expect(explicit.isRunning)
        explicit.stop()
        #expect(!explicit.isRunning)
    }

    @Test("the timer pings at half the interval while workers progress, and stops when one stalls")
    func timerStopsOnStall() throws {
        let listener = try NotifyListener()
        // WATCHDOG_USEC=400 ms: a ping every 200 ms, a component stalls after 200 ms without progress.
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000"])
        let watchdog = ProgressWatchdog(notifier: notifier, components: ["watcher", "workers"])
        #expect(watchdog.period == 0.2)
        watchdog.start()
        #expect(watchdog.isRunning)
        defer { watchdog.stop() }

        // A worker that makes progress every 50 ms keeps the pings coming.
        let progressing = Thread {
            for _ in 0..<30 {
                watchdog.progress("workers")
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        progressing.start()
        let started = Date()
        try listener.waitFor(timeout: 5) { $0 == "WATCHDOG=1" }
        try listener.waitFor(timeout: 5) { $0 == "WATCHDOG=1" }
        while !progressing.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(Date().timeIntervalSince(started) < 5)

        // Now the worker is busy and stuck: once the stall is seen, no ping may come.
        watchdog.busy("workers")
        let deadline = Date().addingTimeInterval(5)
        while watchdog.stalledComponents != ["workers"] && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(watchdog.stalledComponents == ["workers"])
        _ = listener.drain(for: 0.25)  // a ping already in flight when the stall began
        #expect(listener.drain(for: 1.0).isEmpty, "no WATCHDOG=1 while a worker is stalled")

        // It recovers: progress resumes, pings resume.
        watchdog.idle("workers")
        try listener.waitFor(timeout: 5) { $0 == "WATCHDOG=1" }
    }

}
