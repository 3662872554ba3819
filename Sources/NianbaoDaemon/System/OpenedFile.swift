import Glibc
import NianbaoCore

/// A submitted file opened without following symbolic links, for reading under a size limit.
public struct OpenedFile: ~Copyable {
    /// Why a file cannot be read as a report at all.
    public enum Refusal: Error, Sendable {
        case symbolicLink
        case notRegular(kind: String)
        /// The daemon may not read it (`EACCES`, `EPERM`).
        case permissionDenied
    }

    private let descriptor: Int32
    /// Its `fstat`.
    public let status: FileSystem.Status

    /// Opens `path` with `O_NOFOLLOW | O_NONBLOCK` (a FIFO must not block the worker) and
    /// `fstat`s the descriptor, so the size checked is the size of what is read.
    /// - Throws: ``Refusal`` for a symbolic link or non-regular file, ``SystemError`` otherwise.
    public init(_ path: BytePath) throws {
        let descriptor = path.withCString { cPath in
            SystemError.retrying { open(cPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        }
        if descriptor < 0 {
            if errno == ELOOP { throw Refusal.symbolicLink }
            if errno == EACCES || errno == EPERM { throw Refusal.permissionDenied }
            throw SystemError("open", path: path)
        }
        var raw = stat()
        if fstat(descriptor, &raw) != 0 {
            let error = SystemError("fstat", path: path)
            close(descriptor)
            throw error
        }
        let status = FileSystem.Status(raw)
        guard status.isRegular else {
            close(descriptor)
            throw Refusal.notRegular(kind: Self.kindName(raw.st_mode & S_IFMT))
        }
        self.descriptor = descriptor
        self.status = status
    }

    deinit { close(descriptor) }

    /// Reads the whole file (at most `limit + 1` bytes, so a file that grew is noticed).
    public func readAll(limit: Int) throws(SystemError) -> [UInt8] {
        // Read straight into the result, sized by the file's status; grown only if the file grew.
        var bytes: [UInt8] = []
        var capacity = min(status.size, limit) + 1
        while bytes.count <= limit {
            if bytes.count == capacity { capacity = min(capacity * 2, limit + 1) }
            let start = bytes.count
            var failed = false
            var readCount = 0
            bytes.append(contentsOf: repeatElement(0, count: capacity - start))
            bytes.withUnsafeMutableBytes { buffer in
                let count = SystemError.retrying { read(descriptor, buffer.baseAddress! + start, capacity - start) }
                if count < 0 { failed = true } else { readCount = count }
            }
            bytes.removeLast(capacity - start - readCount)
            if failed { throw SystemError("read") }
            if readCount == 0 { break }
        }
        return bytes
    }

    /// The SHA-256 of the whole file, streamed (for a file too large to read into memory).
    public func streamedHash() throws(SystemError) -> (sha256: String, bytes: Int) {
        var hasher = SHA256()
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        _ = lseek(descriptor, 0, SEEK_SET)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                SystemError.retrying { read(descriptor, buffer.baseAddress!, buffer.count) }
            }
            if count < 0 { throw SystemError("read") }
            if count == 0 { break }
            hasher.update(chunk[0..<count])
            total += count
        }
        return (hasher.finalizeHex(), total)
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "文件夹"
        case S_IFIFO: "命名管道"
        case S_IFSOCK: "套接字"
        case S_IFCHR: "字符设备"
        case S_IFBLK: "块设备"
        default: "特殊文件"
        }
    }
}
