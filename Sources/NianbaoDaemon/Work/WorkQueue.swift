import Dispatch
import Synchronization

/// The Dispatch work queue of the design, wrapped once: a job is handed on with ``submit(_:)``
/// from the thread that finished the previous step (no trip through the cooperative pool, which
/// costs two thread switches per step).
///
/// At most `concurrency` closures run at once, each on one of `concurrency` serial Dispatch queues
/// (blocking file I/O and parsing belong on threads, not on the cooperative pool). Serial queues,
/// not one concurrent queue: libdispatch caps a concurrent queue's threads at the number of cores,
/// which would silently ignore a larger `concurrency` for I/O-bound work. Jobs submitted while
/// every slot is busy wait in a list; the caller bounds how many it submits (``Admission``).
public final class WorkQueue: Sendable {
    private struct State {
        var free: Int
        /// Jobs waiting for a slot, oldest first (`head` is the next one).
        var pending: [@Sendable () -> Void] = []
        var head = 0
        var idleQueues: [Int]

        /// The oldest submitted job still waiting, taken off the list.
        mutating func popPending() -> (@Sendable () -> Void)? {
            guard head < pending.count else { return nil }
            let job = pending[head]
            head += 1
            if head == pending.count {
                pending.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    private let queues: [DispatchQueue]
    private let state: Mutex<State>
    /// How many closures may run at once.
    public let concurrency: Int

    /// A queue running at most `concurrency` closures at once (at least one).
    public init(concurrency: Int, label: String = "nianbaod.work") {
        self.concurrency = max(1, concurrency)
        let count = max(1, concurrency)
        queues = (0..<count).map { DispatchQueue(label: "\(label).\($0)", qos: .utility) }
        state = Mutex(State(free: count, idleQueues: Array(0..<count)))
    }

    /// Runs `work` on the queue as soon as a slot is free, without waiting for it: the job waits in
    /// a list instead (the caller bounds how many it submits; the daemon's admission does).
    public func submit(_ work: @escaping @Sendable () -> Void) {
        let index = state.withLock { state -> Int? in
            guard state.free > 0 else {
                state.pending.append(work)
                return nil
            }
            state.free -= 1
            return state.idleQueues.removeLast()
        }
        if let index { run(work, on: index) }
    }

    /// Runs `work` on queue `index`, then the next submitted job on the same queue, or frees the slot.
    private func run(_ work: @escaping @Sendable () -> Void, on index: Int) {
        queues[index].async { [self] in
            var next: (@Sendable () -> Void)? = work
            while let job = next {
                job()
                next = state.withLock { $0.popPending() }
            }
            state.withLock { $0.idleQueues.append(index) }
            release()
        }
    }

    /// Slots in use.
    public var busy: Int { state.withLock { concurrency - $0.free } }

    /// Frees a slot, or gives it to the next waiting job.
    private func release() {
        let next = state.withLock { state -> (job: @Sendable () -> Void, index: Int)? in
            if let job = state.popPending() { return (job, state.idleQueues.removeLast()) }
            state.free += 1
            return nil
        }
        if let next { run(next.job, on: next.index) }
    }
}
