import Synchronization

/// The files being worked on, and the line between "can still be rolled back" and "being filed".
///
/// A job is *checking* until its worker calls ``beginFiling(_:)``; from then on it writes the result
/// and moves the file, and it is never interrupted. At a shutdown deadline ``rollBack()`` moves
/// every still-checking file back to its inbox and marks it, and the worker, when it finishes
/// checking, finds ``beginFiling(_:)`` refused and stops without writing anything.
public final class JobRegistry: Sendable {
    private enum Phase { case checking, filing, rolledBack }
    private struct Job {
        var claim: Claim
        var phase: Phase
    }

    private let jobs = Mutex<[UInt64: Job]>([:])

    /// An empty registry.
    public init() {}

    /// Registers a claimed file.
    public func add(_ claim: Claim) { jobs.withLock { $0[claim.id] = Job(claim: claim, phase: .checking) } }

    /// Unregisters a finished job.
    public func remove(_ id: UInt64) { _ = jobs.withLock { $0.removeValue(forKey: id) } }

    /// Moves the job to filing; `false` when it was rolled back meanwhile.
    public func beginFiling(_ id: UInt64) -> Bool {
        jobs.withLock { jobs in
            guard var job = jobs[id], job.phase == .checking else { return false }
            job.phase = .filing
            jobs[id] = job
            return true
        }
    }

    /// Jobs in progress.
    public var count: Int { jobs.withLock { $0.count } }

    /// Whether a job in progress has its file at `path`.
    public func isProcessing(_ path: BytePath) -> Bool {
        jobs.withLock { $0.values.contains { $0.claim.processingPath == path } }
    }

    /// Jobs not yet rolled back (checking or filing).
    public var active: Int { jobs.withLock { $0.values.filter { $0.phase != .rolledBack }.count } }

    /// The claim time of the oldest job still checking, or `nil`.
    public var oldestChecking: Double? {
        jobs.withLock { $0.values.filter { $0.phase == .checking }.map(\.claim.claimedAt).min() }
    }

    /// Moves every still-checking file back to its inbox (never replacing a file there); returns
    /// the claims rolled back. A file whose inbox is gone or whose name is taken again stays in the
    /// processing folder, which the next start-up processes.
    public func rollBack() -> [Claim] {
        jobs.withLock { jobs in
            var rolled: [Claim] = []
            for (id, job) in jobs where job.phase == .checking {
                jobs[id]?.phase = .rolledBack
                if let inbox = job.claim.inboxPath,
                    (try? FileSystem.move(job.claim.processingPath, to: inbox.appending(job.claim.name))) == .moved
                {
                    rolled.append(job.claim)
                }
            }
            return rolled
        }
    }
}
