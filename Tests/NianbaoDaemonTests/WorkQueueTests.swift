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
    @Test("At most `concurrency` closures run at once; every result comes back")
    func boundedConcurrency() async {
        let queue = WorkQueue(concurrency: 3)
        let gauge = Gauge()
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    await queue.perform {
                        gauge.enter()
                        usleep(20_000)
                        gauge.leave()
                        return index
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<12))
        #expect(gauge.peak == 3)
        #expect(queue.busy == 0)
    }

    @Test("tryReserve refuses when every slot is taken")
    func backPressure() {
        let queue = WorkQueue(concurrency: 2)
        #expect(queue.tryReserve() && queue.tryReserve())
        #expect(!queue.tryReserve())
        queue.cancelReservation()
        #expect(queue.tryReserve())
    }
}
