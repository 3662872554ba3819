import Glibc

/// How many times each file left in the processing folder has been taken up again after a restart
/// without its check ending: the defence against a file that crashes or hangs the checker.
///
/// A file in processing when the daemon dies is processed again at the next start (a *leftover*).
/// Were that file what killed the daemon, it would kill every restart, and no other file would be
/// filed again (systemd gives up after five restarts in five minutes). So the daemon checks its
/// leftovers one at a time, records an attempt in `state/leftovers/DEVICE-INODE` before each
/// check, and drops the record when the check ends. A leftover whose record already holds
/// ``limit`` attempts is not checked again: it is rejected with a reason saying why.
///
/// The records are small files rather than extended attributes, which would need write permission
/// on the submitted file. They are written without `fsync`: the daemon dying leaves the kernel's
/// page cache intact, and a power cut loses at most a count, which costs one attempt more. A record
/// holds the file's size and modification time too, so a record left behind for a filed file does
/// not count against a later file that reuses its inode.
public struct LeftoverAttempts: Sendable {
    /// Attempts after which a leftover is rejected unchecked. With the check during which the
    /// daemon first died, a file is rejected after the daemon died `limit + 1` times checking it.
    public static let limit = 2

    /// `state/leftovers`.
    let folder: BytePath

    /// Records kept in `folder`.
    init(folder: BytePath) {
        self.folder = folder
    }

    /// One attempt begun: the record's name and the attempts recorded before it.
    struct Begun: Sendable {
        var record: FileName
        var before: Int
    }

    /// The record's name for the file with `status`.
    static func recordName(_ status: FileSystem.Status) -> FileName {
        FileName("\(String(status.device, radix: 16))-\(String(status.inode, radix: 16))")
    }

    /// Records one more attempt at the file open on `descriptor`; `nil` when it cannot be
    /// recorded (the attempt goes ahead unrecorded, as it would without this defence).
    func begin(descriptor: Int32) -> Begun? {
        var raw = stat()
        guard fstat(descriptor, &raw) == 0 else { return nil }
        let status = FileSystem.Status(raw)
        let name = Self.recordName(status)
        let path = folder.appending(name)
        let identity = "\(status.size) \(status.modified)"
        var before = 0
        if let text = Self.contents(path) {
            let fields = text.split(separator: " ", maxSplits: 1)
            if fields.count == 2, String(fields[1]) == identity, let count = Int(fields[0]) { before = count }
        }
        do {
            try FileSystem.makeDirectories(folder)
            let temporary = folder.appending(FileName(bytes: Disposer.temporaryPrefix + Array("\(SystemInfo.processID)-\(name.text)".utf8)))
            try FileSystem.remove(temporary)
            try FileSystem.writeNew(temporary, Array("\(before + 1) \(identity)".utf8), syncing: false)
            try FileSystem.replace(temporary, with: path)
        } catch {
            return nil
        }
        return Begun(record: name, before: before)
    }

    /// The check of the file with `record` ended (whatever its outcome): its attempts are forgotten.
    func end(_ record: FileName) {
        try? FileSystem.remove(folder.appending(record))
    }

    /// Removes the records of files no longer in processing (`keeping` the names of those that are).
    func prune(keeping: Set<FileName>) {
        guard let names = try? FileSystem.list(folder) else { return }
        for name in names where !keeping.contains(name) {
            try? FileSystem.remove(folder.appending(name))
        }
    }

    /// The record at `path` as text (at most 100 bytes), or `nil`.
    private static func contents(_ path: BytePath) -> String? {
        guard let file = try? OpenedFile(path), let bytes = try? file.readAll(limit: 100), !bytes.isEmpty else { return nil }
        return String(decoding: bytes.prefix(100), as: UTF8.self)
    }
}
