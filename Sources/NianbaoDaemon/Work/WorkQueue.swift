import Dispatch
import Synchronization

/// The Dispatch work queue of the design, wrapped once: the rest of the daemon calls
/// ``perform(_:)`` and awaits the result like any async function, or hands a job on with
/// ``submit(_:)`` from the thread that finished the previous step (no trip through the
/// cooperative pool, which costs two thread switches per step).
///
/// At most `concurrency` closures run at once, each on one of `concurrency` serial Dispatch queues
/// (blocking file I/O and parsing belong on threads, not on the cooperative pool). Serial queues,
/// not one concurrent queue: libdispatch caps a concurrent queue's threads at the number of cores,
/// which would silently ignore a larger `concurrency` for I/O-bound work. ``reserve()`` is the back-pressure:
/// intake waits for a free slot *before* it claims the next file, so however large a burst, only
/// `concurrency` files are in memory and the rest wait as names in their inbox.
public final class WorkQueue: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Jobs from ``submit(_:)`` waiting for a slot, oldest first (`head` is the next one).
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

    /// Waits until a slot is free and takes it. Pair with ``performReserved(_:)``.
    public func reserve() async {
        let taken = state.withLock { state -> Bool in
            if state.free > 0 {
                state.free -= 1
                return true
            }
            return false
        }
        if taken { return }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Takes a slot if one is free, without waiting.
    public func tryReserve() -> Bool {
        state.withLock { state in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
    }

    /// Gives back a slot taken with ``reserve()`` or ``tryReserve()`` that will not be used.
    public func cancelReservation() { release() }

    /// Runs `work` on the queue in a slot taken with ``reserve()``, frees the slot, and returns
    /// the result.
    public func performReserved<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        // A reserved slot guarantees an idle queue: there are as many queues as slots.
        let index = state.withLock { $0.idleQueues.removeLast() }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            queues[index].async { continuation.resume(returning: work()) }
        }
        state.withLock { $0.idleQueues.append(index) }
        release()
        return result
    }

    /// Takes a slot, runs `work` on the queue and returns its result.
    public func perform<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await reserve()
        return await performReserved(work)
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

    private func release() {
        enum Next {
            case waiter(CheckedContinuation<Void, Never>)
            case job(@Sendable () -> Void, Int)
            case none
        }
        let next = state.withLock { state -> Next in
            if !state.waiters.isEmpty { return .waiter(state.waiters.removeFirst()) }
            if let job = state.popPending() {
                // Submitted while a slot was taken by perform(_:): it runs now, in the freed slot.
                return .job(job, state.idleQueues.removeLast())
            }
            state.free += 1
            return .none
        }
        switch next {
        case .waiter(let waiter): waiter.resume()
        case .job(let job, let index): run(job, on: index)
        case .none: break
        }
    }
}
