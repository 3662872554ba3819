import Foundation
@testable import NianbaoDaemon
import Synchronization
import Testing

/// Counts closures running at once.
final class Gauge: Sendable {
    private let state = Mutex((running: 0, peak: 0))
    func enter() { state.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) } }
    func leave() { state.withLock { $0.running -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

@Suite struct WorkQueueTests {
    @Test("Admission refuses when every slot is taken, and counts what is given back")
    func backPressure() {
        let admission = Admission(limit: 2)
        #expect(admission.tryReserve() && admission.tryReserve())
        #expect(!admission.tryReserve())
        #expect(admission.inUse == 2)
        admission.release()
        #expect(admission.inUse == 1)
        #expect(admission.tryReserve())
    }

    @Test("submit runs every job, at most `concurrency` at once, on as many threads; a slot freed is reused")
    func submittedJobs() async {
        let queue = WorkQueue(concurrency: 3)
        let gauge = Gauge()
        let done = Mutex<[Int]>([])
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            for index in 0..<30 {
                queue.submit {
                    gauge.enter()
                    usleep(2_000)
                    gauge.leave()
                    let count = done.withLock { $0.append(index); return $0.count }
                    if count == 30 { finished.resume() }
                }
            }
        }
        #expect(done.withLock { $0.sorted() } == Array(0..<30))
        #expect(gauge.peak == 3)
        while queue.busy > 0 { usleep(1_000) }
        #expect(queue.busy == 0)
        // Once idle, a job runs again at once.
        await withCheckedContinuation { (ran: CheckedContinuation<Void, Never>) in queue.submit { ran.resume() } }
    }
}

@Suite struct SyncBarrierTests {
    @Test("Concurrent workers all return after a syncfs; a folder that cannot be opened fails each of them")
    func groupCommit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barrier-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let barrier = SyncBarrier(path: BytePath(folder))
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let token = barrier.begin()
            _ = FileManager.default.createFile(atPath: "\(folder)/\(index)", contents: Data("x".utf8))
            do { try barrier.sync(since: token) } catch { failures.withLock { $0 += 1 } }
        }
        #expect(failures.withLock { $0 } == 0)

        let missing = SyncBarrier(path: BytePath(folder + "/no-such-folder"))
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { try missing.sync() } catch { errors.withLock { $0.append("\(error)") } }
        }
        #expect(errors.withLock { $0.count } == 4)
        #expect(errors.withLock { $0.allSatisfy { $0.contains("no-such-folder") } })
    }

    /// The rounds a barrier ran (start and end, monotonic seconds).
    final class RoundLog: Sendable {
        let rounds = Mutex<[(start: Double, end: Double)]>([])
        var all: [(start: Double, end: Double)] { rounds.withLock { $0 } }
    }

    /// A barrier on a real folder whose rounds are recorded, last `roundSeconds` each, and fail when
    /// `fails` says so (by round number, from 0).
    private static func recordingBarrier(
        _ folder: String, roundSeconds: Double, fails: @escaping @Sendable (Int) -> Bool = { _ in false }
    ) -> (SyncBarrier, RoundLog) {
        let log = RoundLog()
        let barrier = SyncBarrier(path: BytePath(folder), syncCall: { _ in
            let start = SystemInfo.monotonic()
            usleep(UInt32(roundSeconds * 1e6))
            let number = log.rounds.withLock { rounds in
                rounds.append((start, SystemInfo.monotonic()))
                return rounds.count - 1
            }
            if fails(number) {
                errno = EIO
                return -1
            }
            return 0
        })
        return (barrier, log)
    }

    @Test("Each worker returns after a round that started after it called, and concurrent workers share rounds")
    func roundsServeLateArrivalsAndAreShared() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barrier-rounds-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (barrier, rounds) = Self.recordingBarrier(folder, roundSeconds: 0.004)
        let calls = Mutex<[(called: Double, returned: Double)]>([])
        // A thread each (concurrentPerform would run only as many at once as there are cores),
        // all started before any calls, so that arrivals span 6 ms however slowly threads start.
        let done = DispatchGroup()
        let ready = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for index in 0..<24 {
            done.enter()
            ready.enter()
            Thread.detachNewThread {
                ready.leave()
                start.wait()
                usleep(UInt32(index % 6) * 1_000)
                let called = SystemInfo.monotonic()
                try? barrier.sync()
                let returned = SystemInfo.monotonic()
                calls.withLock { $0.append((called, returned)) }
                done.leave()
            }
        }
        ready.wait()
        for _ in 0..<24 { start.signal() }
        done.wait()
        let recorded = rounds.all
        let made = calls.withLock { $0 }
        #expect(made.count == 24)
        for call in made {
            #expect(recorded.contains { $0.start >= call.called && $0.end <= call.returned })
        }
        // 24 workers arriving over 6 ms, rounds of 4 ms: a handful of rounds, not one each.
        #expect(recorded.count <= 8)
        // Rounds never overlap.
        for (earlier, later) in zip(recorded, recorded.dropFirst()) { #expect(earlier.end <= later.start) }
    }

    @Test("A failed round fails every worker in flight; workers that begin afterwards succeed")
    func failedRoundFailsWorkersInFlight() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barrier-fail-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (barrier, rounds) = Self.recordingBarrier(folder, roundSeconds: 0.003, fails: { $0 == 0 })
        let failed = Mutex(0)
        let tokens = (0..<6).map { _ in barrier.begin() }
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do { try barrier.sync(since: tokens[index]) } catch { failed.withLock { $0 += 1 } }
        }
        // All six began before the first round, which failed, ended.
        #expect(failed.withLock { $0 } == 6)
        #expect(rounds.all.count >= 1)
        let after = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do { try barrier.sync() } catch { after.withLock { $0 += 1 } }
        }
        #expect(after.withLock { $0 } == 0)
    }
}

