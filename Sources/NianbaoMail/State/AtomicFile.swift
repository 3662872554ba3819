#if canImport(Glibc)
    import Glibc
#endif

/// Durable whole-file writes: a temporary file in the same folder, `fsync`, `rename`, `fsync` of
/// the folder. After a crash at any instant the file holds either its old or its new contents.
enum AtomicFile {
    /// Writes `bytes` to `path` durably.
    /// - Throws: ``MailError`` naming the path and the failing call.
    static func write(_ bytes: [UInt8], to path: String) throws(MailError) {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw MailError.system("open", path: temporary) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = MailError.system("write", path: temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        if fsync(fd) != 0 {
            let error = MailError.system("fsync", path: temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let error = MailError.system("rename", path: path)
            unlink(temporary)
            throw error
        }
        try syncDirectory(of: path)
    }

    /// Reads a whole file, or returns `nil` when it does not exist.
    static func read(_ path: String) throws(MailError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw MailError.system("open", path: path)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw MailError.system("read", path: path)
            }
            if n == 0 { return result }
            result.append(contentsOf: buffer[0..<n])
        }
    }

    /// Removes a file durably; a file that is already gone is not an error.
    static func remove(_ path: String) throws(MailError) {
        if unlink(path) != 0 && errno != ENOENT { throw MailError.system("unlink", path: path) }
        try syncDirectory(of: path)
    }

    /// Creates a folder and its parents (mode 0700 for new ones).
    static func makeDirectory(_ path: String) throws(MailError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { throw MailError.system("mkdir", path: prefix) }
            prefix += "/"
        }
    }

    private static func syncDirectory(of path: String) throws(MailError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw MailError.system("open", path: folder) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw MailError.system("fsync", path: folder) }
    }
}
