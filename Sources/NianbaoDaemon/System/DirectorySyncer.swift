import Foundation

/// Group commit for folder fsyncs: many workers that need the same folder flushed share one
/// `fsync`.
///
/// A caller returns only after an fsync that *started after its call* has finished, so every
/// rename it made before calling is durable; concurrent callers are served by one fsync.
public final class DirectorySyncer: @unchecked Sendable {
    private let path: BytePath
    private let condition = NSCondition()
    private var issued: UInt64 = 0
    private var completed: UInt64 = 0
    private var syncing = false
    private var lastError: SystemError?

    /// A syncer for the folder at `path`.
    public init(path: BytePath) { self.path = path }

    /// Makes every change to the folder's entries made before this call durable.
    public func sync() throws(SystemError) {
        condition.lock()
        issued += 1
        let ticket = issued
        while completed < ticket {
            if syncing {
                condition.wait()
                continue
            }
            syncing = true
            let target = issued
            condition.unlock()
            var failure: SystemError?
            do { try FileSystem.syncDirectory(path) } catch { failure = error }
            condition.lock()
            syncing = false
            if let failure {
                lastError = failure
                condition.broadcast()
                condition.unlock()
                throw failure
            }
            completed = max(completed, target)
            condition.broadcast()
        }
        condition.unlock()
    }
}
