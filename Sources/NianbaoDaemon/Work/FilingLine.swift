import Synchronization

/// Where checked files wait to be filed. At most `lines` filing threads take them in batches, in
/// the order they came, and file each batch together (``Disposer/file(_:)``): files checked close
/// together share their syncs, and a filing thread that keeps finding work never sleeps between
/// files.
///
/// The batches grow by themselves with the load: while a thread waits for a batch's `syncfs`, the
/// files checked meanwhile gather for its next batch. At idle a file is filed at once, alone.
public final class FilingLine: Sendable {
    /// A checked file.
    public typealias Entry = (claim: Claim, checked: Disposer.Checked)

    private struct State {
        /// Files waiting, oldest first (`head` is the next one).
        var pending: [Entry] = []
        var head = 0
        /// Filing threads running.
        var running = 0
    }

    private let state = Mutex(State())
    private let queue: WorkQueue
    /// How many files one batch takes at most.
    public let maximumBatch: Int

    /// A line filed by at most `lines` threads at once, `maximumBatch` files a batch.
    public init(lines: Int, maximumBatch: Int, label: String = "nianbaod.file") {
        queue = WorkQueue(concurrency: max(1, lines), label: label)
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Adds a checked file; when fewer than `lines` threads are filing, one starts, and runs
    /// `file` on batches until none is waiting. Never blocks.
    public func submit(_ entry: Entry, file: @escaping @Sendable ([Entry]) -> Void) {
        let start = state.withLock { state -> Bool in
            state.pending.append(entry)
            guard state.running < queue.concurrency else { return false }
            state.running += 1
            return true
        }
        if start { queue.submit { [self] in drain(file) } }
    }

    /// Files waiting to be filed.
    public var waiting: Int { state.withLock { $0.pending.count - $0.head } }

    private func drain(_ file: @Sendable ([Entry]) -> Void) {
        while let batch = nextBatch() { file(batch) }
    }

    /// The oldest waiting files, at most ``maximumBatch``; `nil` (and one thread fewer) when none wait.
    private func nextBatch() -> [Entry]? {
        state.withLock { state -> [Entry]? in
            let available = state.pending.count - state.head
            guard available > 0 else {
                state.running -= 1
                return nil
            }
            let end = state.head + min(available, maximumBatch)
            let batch = Array(state.pending[state.head..<end])
            state.head = end
            if state.head == state.pending.count {
                state.pending.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return batch
        }
    }
}
