import Dispatch
import Synchronization

/// The Dispatch work queue of the design, wrapped once: the rest of the daemon calls
/// ``perform(_:)`` and awaits the result like any async function.
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
        var idleQueues: [Int]
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

    /// Slots in use.
    public var busy: Int { state.withLock { concurrency - $0.free } }

    private func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.free += 1
            return nil
        }
        waiter?.resume()
    }
}
