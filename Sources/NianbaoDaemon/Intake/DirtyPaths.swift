import Synchronization

/// What the inotify reader hands to intake: names that may have changed, per inbox, and flags.
///
/// The reader only inserts into sets under a short lock and signals; it never waits for intake,
/// so events are never dropped while checking is busy. Memory is bounded by the number of entries
/// in the inboxes, since a name is recorded once however many events it gets.
public final class DirtyPaths: Sendable {
    /// How a name was noticed.
    public enum Origin: Sendable, Hashable {
        /// A close-after-write or moved-in event: the writer is done.
        case event
        /// A listing (start-up, rescan, poll, re-created inbox): the file may still be written.
        case scan
    }

    /// Everything recorded since the last ``take()``.
    public struct Batch: Sendable {
        /// Dirty names per inbox name.
        public var names: [String: [FileName: Origin]] = [:]
        /// The kernel's event queue overflowed: events were lost, a full rescan is due.
        public var overflowed = false
        /// Inboxes whose watch ended (deleted, moved away, unmounted), with the ended watch.
        public var lostWatches: [Int32] = []

        /// Whether nothing was recorded.
        public var isEmpty: Bool { names.isEmpty && !overflowed && lostWatches.isEmpty }
    }

    private let batch = Mutex(Batch())
    private let wakeups: AsyncStream<Void>.Continuation
    /// Yields whenever something was recorded (or a timer fires); consumed by intake.
    public let signals: AsyncStream<Void>

    /// An empty set with its signal stream.
    public init() {
        (signals, wakeups) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Records `name` in `inbox`.
    public func record(_ name: FileName, inbox: String, origin: Origin) {
        batch.withLock { batch in
            if batch.names[inbox, default: [:]][name] != .event { batch.names[inbox, default: [:]][name] = origin }
        }
    }

    /// Records that the kernel queue overflowed.
    public func recordOverflow() { batch.withLock { $0.overflowed = true } }

    /// Records that `watch` ended.
    public func recordLost(watch: Int32) { batch.withLock { $0.lostWatches.append(watch) } }

    /// Wakes intake.
    public func wake() { wakeups.yield() }

    /// Ends the signal stream (shutdown).
    public func finish() { wakeups.finish() }

    /// Takes everything recorded so far.
    public func take() -> Batch { batch.withLock { batch in defer { batch = Batch() }; return batch } }
}
