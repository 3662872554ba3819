import Foundation

/// Everything the notifier must not forget across a restart: rejections waiting for their
/// coalescing window to close, and the digest's counts since the last digest.
///
/// Stored as JSON in `SPOOL/state.json`, rewritten atomically after every batch of records.
struct NotifierState: Codable, Sendable, Equatable {
    /// Rejections of one inbox waiting to go out as one notice.
    struct PendingBatch: Codable, Sendable, Equatable {
        /// When the first of them was recorded (the window runs from here).
        var opened: Date
        /// The rejections, oldest first (at most ``NotifierState/maximumPending``).
        var entries: [RecordedResult]
        /// Further rejections in the same window that are only counted.
        var omitted: Int
    }

    /// Accepted and rejected counts of one inbox.
    struct Counts: Codable, Sendable, Equatable {
        var accepted = 0
        var rejected = 0
    }

    /// What the next digest reports.
    struct Digest: Codable, Sendable, Equatable {
        /// Start of the period.
        var since: Date
        /// Counts per inbox name.
        var counts: [String: Counts] = [:]
        /// Rejected files with their main reasons (at most ``NotifierState/maximumDigestRejections``).
        var rejected: [RecordedResult] = []
        /// Rejected files beyond the list, only counted.
        var rejectedOmitted = 0
    }

    /// The most rejections one notice lists in full.
    static let maximumPending = 200
    /// The most rejected files one digest lists.
    static let maximumDigestRejections = 300
    /// How many reasons a digest keeps per rejected file.
    static let digestReasons = 3

    var version = 1
    /// Pending rejections by inbox name.
    var pending: [String: PendingBatch] = [:]
    var digest: Digest
    /// Bodies that submitted anything, with whether one of their reports was accepted. Kept across
    /// digests (it answers "who has not submitted yet"); delete `state.json` to start a new year.
    var organizations: [String: Bool] = [:]
    /// When the next digest is due.
    var nextDigestAt: Date?
    /// The schedule `nextDigestAt` was computed for (a new schedule recomputes it).
    var schedule: String?

    init(now: Date) { digest = Digest(since: now) }

    /// Adds one processed file.
    mutating func add(_ record: RecordedResult, now: Date) {
        var counts = digest.counts[record.inbox] ?? Counts()
        if let organization = record.organization, !organization.isEmpty {
            organizations[organization] = (organizations[organization] ?? false) || !record.rejected
        }
        if record.rejected {
            counts.rejected += 1
            var batch = pending[record.inbox] ?? PendingBatch(opened: now, entries: [], omitted: 0)
            if batch.entries.count < Self.maximumPending {
                batch.entries.append(record)
            } else {
                batch.omitted += 1
            }
            pending[record.inbox] = batch
            if digest.rejected.count < Self.maximumDigestRejections {
                var short = record
                short.items = Array(record.errors.prefix(Self.digestReasons))
                digest.rejected.append(short)
            } else {
                digest.rejectedOmitted += 1
            }
        } else {
            counts.accepted += 1
        }
        digest.counts[record.inbox] = counts
    }
}
