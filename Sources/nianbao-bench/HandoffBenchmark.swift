import Foundation
import NianbaoCore
import Synchronization

/// `nianbao-bench handoff`: the checker's cost when its results are rendered and freed on another
/// thread, as in the daemon (checked on a checking thread, filed on the filing thread), against the
/// same work done on one thread. Prints the checking thread's CPU time per report in both.
enum HandoffBenchmark {
    static func run(_ corpus: [(name: String, bytes: [UInt8])], seconds: Double) {
        guard !corpus.isEmpty else { return }
        for round in 1...2 {
            let alone = inline(corpus, seconds: seconds)
            let handedOff = handoff(corpus, seconds: seconds)
            print(String(
                format: "handoff (round %d): checking thread %.1f µs CPU per report when it renders and frees its results, %.1f µs when another thread does (%+.0f%%)",
                round, alone, handedOff, (handedOff / alone - 1) * 100))
        }
    }

    /// Checks, renders the JSON and frees each result on this thread: CPU µs per report.
    static func inline(_ corpus: [(name: String, bytes: [UInt8])], seconds: Double) -> Double {
        checkingCPU(corpus, seconds: seconds) { result in _ = result.jsonBytes(pretty: true) }
    }

    /// Checks on this thread; another thread renders the JSON and frees each result. CPU µs per
    /// report of the checking alone.
    static func handoff(_ corpus: [(name: String, bytes: [UInt8])], seconds: Double) -> Double {
        let queue = Mutex<[CheckResult]>([])
        let ready = DispatchSemaphore(value: 0)
        let room = DispatchSemaphore(value: 64)
        let done = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let consumer = Thread {
            while true {
                ready.wait()
                let next = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                guard let result = next else {
                    if done.load(ordering: .acquiring) { break }
                    continue
                }
                _ = result.jsonBytes(pretty: true)
                room.signal()
            }
            finished.signal()
        }
        consumer.start()
        let micros = checkingCPU(corpus, seconds: seconds) { result in
            queue.withLock { $0.append(result) }
            ready.signal()
            room.wait()
        }
        done.store(true, ordering: .releasing)
        ready.signal()
        finished.wait()
        return micros
    }

    /// Checks `corpus` round-robin for `seconds`, passing each result to `then` (untimed): this
    /// thread's CPU µs per check.
    static func checkingCPU(
        _ corpus: [(name: String, bytes: [UInt8])], seconds: Double, then: (CheckResult) -> Void
    ) -> Double {
        let checker = ReportChecker()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        var count = 0
        var checkSeconds = 0.0
        while DispatchTime.now().uptimeNanoseconds < deadline {
            for item in corpus {
                let before = threadCPUSeconds()
                let result = checker.check(bytes: item.bytes, name: item.name)
                checkSeconds += threadCPUSeconds() - before
                then(result)
                count += 1
            }
        }
        return checkSeconds / Double(max(count, 1)) * 1e6
    }
}
