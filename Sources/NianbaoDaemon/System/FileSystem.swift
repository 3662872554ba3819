import Glibc

/// The file system calls the daemon needs, on byte paths, retrying `EINTR` and throwing
/// ``SystemError`` with the path. `import Glibc` stays in the `System` folder.
public enum FileSystem {
    /// What `lstat` reports, reduced to what intake and checking look at.
    public struct Status: Sendable, Hashable {
        /// Size in bytes.
        public var size: Int
        /// Modification time in nanoseconds since the epoch.
        public var modified: Int64
        /// A regular file.
        public var isRegular: Bool
        /// A folder.
        public var isDirectory: Bool
        /// A symbolic link (only from `lstat`).
        public var isSymbolicLink: Bool
        /// The device (file system) it is on.
        public var device: UInt64
        /// The inode number, kept across renames.
        public var inode: UInt64

        init(_ raw: stat) {
            size = Int(raw.st_size)
            modified = Int64(raw.st_mtim.tv_sec) * 1_000_000_000 + Int64(raw.st_mtim.tv_nsec)
            let type = raw.st_mode & S_IFMT
            isRegular = type == S_IFREG
            isDirectory = type == S_IFDIR
            isSymbolicLink = type == S_IFLNK
            device = UInt64(raw.st_dev)
            inode = UInt64(raw.st_ino)
        }
    }

    /// The outcome of a rename that must not replace anything.
    public enum RenameOutcome: Sendable, Equatable {
        case moved
        /// The source was gone (another daemon claimed it, or the submitter took it back).
        case sourceMissing
        /// The target name is taken.
        case targetExists
    }

    /// `lstat`: the entry itself, never what a symbolic link points to; `nil` when it does not exist.
    public static func status(_ path: BytePath) throws(SystemError) -> Status? {
        var raw = stat()
        let result = path.withCString { cPath in SystemError.retrying { lstat(cPath, &raw) } }
        if result == 0 { return Status(raw) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw SystemError("lstat", path: path)
    }

    /// `stat`: like ``status(_:)`` but following a symbolic link (for configured folders, which an
    /// administrator may point elsewhere with a link); `nil` when nothing is there.
    public static func followingStatus(_ path: BytePath) throws(SystemError) -> Status? {
        var raw = stat()
        let result = path.withCString { cPath in SystemError.retrying { stat(cPath, &raw) } }
        if result == 0 { return Status(raw) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw SystemError("stat", path: path)
    }

    private typealias Renameat2 =
        @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// `renameat2` is in glibc ≥ 2.28 but not in Swift's Glibc module; looked up once.
    private static let renameat2: Renameat2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()
    private static let renameNoReplace: UInt32 = 1

    /// Moves `source` to `target` atomically, failing instead of replacing an existing target
    /// (`renameat2(RENAME_NOREPLACE)`; where the file system lacks it, `link` + `unlink`).
    public static func move(_ source: BytePath, to target: BytePath) throws(SystemError) -> RenameOutcome {
        let result: Int32 = source.withCString { from in
            target.withCString { to in
                SystemError.retrying { renameat2?(AT_FDCWD, from, AT_FDCWD, to, renameNoReplace) ?? -2 }
            }
        }
        if result == 0 { return .moved }
        if result == -2 || errno == EINVAL || errno == ENOSYS { return try linkMove(source, to: target) }
        switch errno {
        case ENOENT: return try status(source) == nil ? .sourceMissing : missingFolder(target)
        case EEXIST: return .targetExists
        default: throw SystemError("rename", path: source)
        }
    }

    private static func missingFolder(_ target: BytePath) throws(SystemError) -> RenameOutcome {
        throw SystemError("rename", path: target, code: ENOENT)
    }

    private static func linkMove(_ source: BytePath, to target: BytePath) throws(SystemError) -> RenameOutcome {
        let linked = source.withCString { from in target.withCString { to in SystemError.retrying { link(from, to) } } }
        if linked != 0 {
            if errno == EEXIST { return .targetExists }
            if errno == ENOENT { return .sourceMissing }
            throw SystemError("link", path: target)
        }
        try remove(source)
        return .moved
    }

    /// `rename`, replacing the target (used for a temporary file becoming its final name).
    public static func replace(_ source: BytePath, with target: BytePath) throws(SystemError) {
        let result = source.withCString { from in target.withCString { to in SystemError.retrying { rename(from, to) } } }
        if result != 0 { throw SystemError("rename", path: target) }
    }

    /// `unlink`; a missing file is not an error.
    public static func remove(_ path: BytePath) throws(SystemError) {
        let result = path.withCString { cPath in SystemError.retrying { unlink(cPath) } }
        if result != 0 && errno != ENOENT { throw SystemError("unlink", path: path) }
    }

    /// The names in a folder, without `.` and `..`; `nil` when the folder does not exist.
    public static func list(_ path: BytePath) throws(SystemError) -> [FileName]? {
        guard let directory = path.withCString({ opendir($0) }) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemError("opendir", path: path)
        }
        defer { closedir(directory) }
        var names: [FileName] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw SystemError("readdir", path: path) }
                break
            }
            let bytes: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 256) { base in
                    Array(UnsafeBufferPointer(start: base, count: strlen(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))))
                }
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            names.append(FileName(bytes: bytes))
        }
        return names
    }

    /// Creates a folder and its parents (`mkdir -p`), mode 0750 unless the umask narrows it.
    public static func makeDirectories(_ path: BytePath) throws(SystemError) {
        if let existing = try followingStatus(path) {
            if existing.isDirectory { return }
            throw SystemError("mkdir", path: path, code: ENOTDIR)
        }
        var parent = path.bytes
        while parent.count > 1 && parent.last == UInt8(ascii: "/") { parent.removeLast() }
        if let slash = parent.lastIndex(of: UInt8(ascii: "/")), slash > 0 {
            try makeDirectories(BytePath(bytes: Array(parent[..<slash])))
        }
        let result = path.withCString { mkdir($0, 0o2770) }
        if result != 0 && errno != EEXIST { throw SystemError("mkdir", path: path) }
    }

    /// Writes `bytes` to a new file at `path` (which must not exist) and closes it; with `syncing`,
    /// fsyncs it first. (The daemon's filing leaves `syncing` off and shares one ``SyncBarrier``.)
    public static func writeNew(_ path: BytePath, _ bytes: [UInt8], syncing: Bool = true) throws(SystemError) {
        let descriptor = path.withCString { cPath in
            SystemError.retrying { open(cPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o640) }
        }
        if descriptor < 0 { throw SystemError("open", path: path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                SystemError.retrying { write(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            if written < 0 { throw SystemError("write", path: path) }
            offset += written
        }
        if syncing, SystemError.retrying({ fsync(descriptor) }) != 0 { throw SystemError("fsync", path: path) }
    }

    /// `fsync` of a folder: its entries (files created, renamed or removed in it) reach the disk.
    public static func syncFolder(_ path: BytePath) throws(SystemError) {
        let descriptor = path.withCString { cPath in SystemError.retrying { open(cPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } }
        if descriptor < 0 { throw SystemError("open", path: path) }
        defer { close(descriptor) }
        if SystemError.retrying({ fsync(descriptor) }) != 0 { throw SystemError("fsync", path: path) }
    }

    private typealias Statfs = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32
    /// `statfs` (its struct is not in Swift's Glibc module): looked up once; `f_type` is the
    /// struct's first field, a `long`, on every Linux ABI.
    private static let statfsCall: Statfs? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "statfs") else { return nil }
        return unsafeBitCast(symbol, to: Statfs.self)
    }()

    /// The `statfs` magic number of the file system holding `path`, or `nil`.
    public static func fileSystemType(_ path: BytePath) -> UInt32? {
        guard let call = statfsCall else { return nil }
        var buffer = [UInt64](repeating: 0, count: 64)
        let result = path.withCString { cPath in buffer.withUnsafeMutableBytes { call(cPath, $0.baseAddress) } }
        guard result == 0 else { return nil }
        return UInt32(truncatingIfNeeded: buffer[0])
    }

    /// Whether `path` is on a network or FUSE file system (NFS, CIFS/SMB, FUSE, 9P), where inotify
    /// does not see other clients' changes and the inbox must be polled.
    public static func isNetworkFileSystem(_ path: BytePath) -> Bool {
        guard let type = fileSystemType(path) else { return false }
        let networkMagics: Set<UInt32> = [
            0x6969,  // NFS
            0xFF53_4D42,  // CIFS
            0xFE53_4D42,  // SMB2
            0x517B,  // SMB
            0x6573_5546,  // FUSE
            0x0102_1997,  // 9P
        ]
        return networkMagics.contains(type)
    }
}
