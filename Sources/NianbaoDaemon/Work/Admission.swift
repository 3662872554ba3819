import Synchronization

/// The daemon's back-pressure: how many files may be claimed and not yet filed.
///
/// Intake takes a slot before it claims a file, and the file's job gives it back once the file is
/// filed (or the claim is dropped). However large a burst, at most ``limit`` files are in flight;
/// the rest wait as names in their inbox, so memory stays bounded.
public final class Admission: Sendable {
    private let free: Mutex<Int>
    /// How many slots there are.
    public let limit: Int

    /// `limit` slots (at least one).
    public init(limit: Int) {
        self.limit = max(1, limit)
        free = Mutex(self.limit)
    }

    /// Takes a slot if one is free, without waiting.
    public func tryReserve() -> Bool {
        free.withLock { free in
            guard free > 0 else { return false }
            free -= 1
            return true
        }
    }

    /// Gives back a slot taken with ``tryReserve()``.
    public func release() {
        free.withLock { free in
            precondition(free < limit, "Admission: more slots released than reserved")
            free += 1
        }
    }

    /// Slots taken.
    public var inUse: Int { free.withLock { limit - $0 } }
}
