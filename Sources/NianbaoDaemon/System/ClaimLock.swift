import Glibc

/// The advisory lock (`flock`) a daemon holds on each file it has claimed, so that daemons sharing
/// one processing folder tell a live peer's file from a file left by a crash.
///
/// A claim takes the lock on the file in the inbox, then renames it into the processing folder: the
/// lock belongs to the inode and follows it, so a claimed file is never unlocked while its daemon
/// lives. The lock goes when the daemon closes it after filing, or with the process when it dies.
/// A daemon starting up therefore processes again only the files in processing it can lock; a
/// locked one is a running peer's, and left to it.
public enum ClaimLock {
    /// What trying the lock gave.
    public enum Outcome: Sendable, Equatable {
        /// Locked: the open descriptor, to close once the file is filed.
        case locked(Int32)
        /// Another process (or another claim of this one) holds it.
        case heldElsewhere
        /// No file is at the path (any more).
        case missing
        /// The file could not be opened for locking (a symbolic link, a socket, unreadable):
        /// it is claimed without a lock, and refused or skipped as it would be otherwise.
        case unavailable
    }

    /// Opens `path` (without following a symbolic link, without blocking on a FIFO) and tries to
    /// lock it, without waiting.
    public static func acquire(_ path: BytePath) -> Outcome {
        let descriptor = path.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard descriptor >= 0 else { return errno == ENOENT ? .missing : .unavailable }
        if SystemError.retrying({ flock(descriptor, LOCK_EX | LOCK_NB) }) == 0 { return .locked(descriptor) }
        let error = errno
        close(descriptor)
        return error == EWOULDBLOCK ? .heldElsewhere : .unavailable
    }

    /// Whether the locked descriptor is the file now at `path` (the inbox may have received a new
    /// file under the same name between the lock and the rename).
    public static func isFile(_ descriptor: Int32, at path: BytePath) -> Bool {
        var locked = stat()
        guard fstat(descriptor, &locked) == 0, let current = (try? FileSystem.status(path)) ?? nil else { return false }
        return UInt64(locked.st_ino) == current.inode && UInt64(locked.st_dev) == current.device
    }

    /// Gives the lock back.
    public static func release(_ descriptor: Int32) { close(descriptor) }
}
