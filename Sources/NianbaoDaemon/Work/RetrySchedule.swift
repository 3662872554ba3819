/// Files whose check or filing failed while they stayed in processing (the disk full, an I/O
/// error), each with the moment it is tried again.
///
/// The pause doubles with each failure of the same file, from ``firstPause`` up to ``longestPause``,
/// so a full disk costs one attempt a minute per file, and a file goes through soon after the disk
/// has room again, without a restart. Filing the file, or its leaving processing, forgets its count.
struct RetrySchedule: Sendable {
    /// The pause after a file's first failure, in seconds.
    static let firstPause: Double = 1
    /// The longest pause, in seconds.
    static let longestPause: Double = 60

    /// A file waiting for its retry.
    struct Entry: Sendable {
        var name: FileName
        var inbox: String
        var inboxPath: BytePath?
        var processingPath: BytePath
        var due: Double
    }

    private var waiting: [Entry] = []
    private var failures: [BytePath: Int] = [:]

    /// Files waiting.
    var count: Int { waiting.count }

    /// Whether the file at `path` waits for its retry.
    func isWaiting(_ path: BytePath) -> Bool { waiting.contains { $0.processingPath == path } }

    /// Schedules `claim` again and returns the pause in seconds.
    mutating func schedule(_ claim: Claim, now: Double) -> Double {
        let failed = failures[claim.processingPath, default: 0] + 1
        failures[claim.processingPath] = failed
        let pause = Self.pause(afterFailures: failed)
        waiting.append(
            Entry(
                name: claim.name, inbox: claim.inbox, inboxPath: claim.inboxPath,
                processingPath: claim.processingPath, due: now + pause))
        return pause
    }

    /// The pause after `failures` failures in a row: 1, 2, 4 … 60 seconds.
    static func pause(afterFailures failures: Int) -> Double {
        let doubled = firstPause * Double(1 << min(max(failures - 1, 0), 16))
        return min(doubled, longestPause)
    }

    /// Removes and returns the entry due earliest, if one is due at `now`.
    mutating func popDue(now: Double) -> Entry? {
        guard let index = waiting.indices.min(by: { waiting[$0].due < waiting[$1].due }),
            waiting[index].due <= now
        else { return nil }
        return waiting.remove(at: index)
    }

    /// Forgets the failures of the file that was at `path` (it has been filed, or is gone).
    mutating func forget(_ path: BytePath) {
        if !failures.isEmpty { failures[path] = nil }
    }
}
