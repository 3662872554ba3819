import Foundation
import NianbaoDaemon
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
}

