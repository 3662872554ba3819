import Foundation
import Glibc

/// Group commit: many filing workers that need their writes and renames on disk share one `syncfs`
/// of the file system instead of an `fsync` each.
///
/// A worker takes a ``Token`` with ``begin()`` *before* it writes or renames, then calls
/// ``sync(since:)``. That returns only after a `syncfs` that started after the call has finished
/// without error, so everything the worker did in between is durable; concurrent workers are served
/// by one `syncfs`.
///
/// A `syncfs` reports a write-back error once, to one caller, and the failed pages may belong to any
/// worker then in flight. So a failure fails every worker that began before it ended, not only the
/// one that ran it; each of them throws and its file is retried later (a redo is harmless).
///
/// On ext4 without a journal (this project's CI machine) one `fsync` of a new file also writes its
/// folder's block and inode synchronously; sharing one `syncfs` among ten files cut the kernel time
/// per file about threefold (see `nianbao-daemon-bench`).
public final class SyncBarrier: @unchecked Sendable {
    /// What a worker holds between ``begin()`` and ``sync(since:)``.
    public struct Token: Sendable {
        fileprivate let failures: UInt64
    }

    private let path: BytePath
    /// The call that makes the file system durable: `syncfs` on the folder's descriptor.
    private let syncCall: @Sendable (Int32) -> Int32
    private let condition = NSCondition()
    private var descriptor: Int32 = -1
    private var issued: UInt64 = 0
    private var completed: UInt64 = 0
    private var syncing = false
    private var failures: UInt64 = 0
    private var lastError: SystemError?

    /// A barrier for the file system holding the folder at `path`. The folder is opened at the first
    /// sync and kept open, so every write-back error since then reaches this barrier even if another
    /// process calls `syncfs` too.
    public convenience init(path: BytePath) {
        self.init(path: path, syncCall: { descriptor in
            guard let syncfs = SyncBarrier.syncfsCall else {
                errno = ENOSYS
                return -1
            }
            return syncfs(descriptor)
        })
    }

    /// A barrier whose rounds call `syncCall` on the folder's descriptor instead of `syncfs` (tests
    /// count, slow down or fail rounds with it). It returns 0, or -1 with `errno` set.
    init(path: BytePath, syncCall: @escaping @Sendable (Int32) -> Int32) {
        self.path = path
        self.syncCall = syncCall
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Marks the start of a worker's writes.
    public func begin() -> Token {
        condition.lock()
        defer { condition.unlock() }
        return Token(failures: failures)
    }

    /// Makes everything written or renamed since `token` was taken durable.
    /// - Throws: ``SystemError`` when the folder cannot be opened or a `syncfs` failed while the
    ///   worker was in flight.
    public func sync(since token: Token) throws(SystemError) {
        condition.lock()
        defer { condition.unlock() }
        issued += 1
        let ticket = issued
        while completed < ticket {
            if token.failures != failures { break }
            if syncing {
                condition.wait()
                continue
            }
            syncing = true
            let target = issued
            condition.unlock()
            let failure = runSync()
            condition.lock()
            syncing = false
            if let failure {
                failures += 1
                lastError = failure
            } else {
                completed = max(completed, target)
            }
            condition.broadcast()
        }
        if token.failures != failures {
            throw lastError ?? SystemError("syncfs", path: path, code: EIO)
        }
    }

    /// Begins and syncs at once: for renames already made.
    public func sync() throws(SystemError) { try sync(since: begin()) }

    /// One `syncfs` (called with the lock released; only one runs at a time).
    private func runSync() -> SystemError? {
        if descriptor < 0 {
            let opened = path.withCString { cPath in SystemError.retrying { open(cPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } }
            if opened < 0 { return SystemError("open", path: path) }
            descriptor = opened
        }
        let descriptor = descriptor
        if SystemError.retrying({ syncCall(descriptor) }) != 0 { return SystemError("syncfs", path: path) }
        return nil
    }

    private typealias Syncfs = @convention(c) (Int32) -> Int32
    /// `syncfs` (a GNU extension Swift's Glibc module does not export), looked up once.
    private static let syncfsCall: Syncfs? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: Syncfs.self)
    }()
}
