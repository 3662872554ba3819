import Foundation
import Glibc
@testable import NianbaoDaemon
import Testing

/// The attempt records of ``LeftoverAttempts`` on a real folder.
@Suite("Leftover attempts")
struct LeftoverAttemptsTests {
    final class Folder {
        let path: String
        init() throws {
            var template = Array("/tmp/nianbaod-attempts-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw SystemError("mkdtemp") }
            path = String(cString: made)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY)
        try #require(descriptor >= 0)
        return descriptor
    }

    @Test("attempts count up per file, end with the check, and are pruned when their file is gone")
    func countsEndsAndPrunes() throws {
        let folder = try Folder()
        let attempts = LeftoverAttempts(folder: BytePath(folder.path + "/state/leftovers"))
        try FileSystem.writeNew(BytePath(folder.path + "/a.txt"), Array("甲".utf8))
        try FileSystem.writeNew(BytePath(folder.path + "/b.txt"), Array("乙乙".utf8))
        let a = try Self.open(folder.path + "/a.txt")
        let b = try Self.open(folder.path + "/b.txt")
        defer { close(a); close(b) }

        #expect(attempts.begin(descriptor: a)?.before == 0)
        #expect(attempts.begin(descriptor: a)?.before == 1)
        #expect(attempts.begin(descriptor: b)?.before == 0)
        let third = try #require(attempts.begin(descriptor: a))
        #expect(third.before == 2)
        #expect(third.before >= LeftoverAttempts.limit)

        attempts.end(third.record)
        #expect(attempts.begin(descriptor: a)?.before == 0, "ended: counting starts again")

        let bRecord = try #require(attempts.begin(descriptor: b)).record
        attempts.prune(keeping: [bRecord])
        let left = try #require(try FileSystem.list(attempts.folder)).map(\.text)
        #expect(left == [bRecord.text])
    }

    @Test("a record for another file with the same inode (changed size or time) does not count")
    func recordOfAnotherFileIsIgnored() throws {
        let folder = try Folder()
        let attempts = LeftoverAttempts(folder: BytePath(folder.path + "/leftovers"))
        let path = folder.path + "/a.txt"
        try FileSystem.writeNew(BytePath(path), Array("一".utf8))
        var descriptor = try Self.open(path)
        #expect(attempts.begin(descriptor: descriptor)?.before == 0)
        #expect(attempts.begin(descriptor: descriptor)?.before == 1)
        close(descriptor)
        // Same inode, new content: as if the inode were reused by a later file.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data("二三四".utf8))
        try handle.close()
        descriptor = try Self.open(path)
        defer { close(descriptor) }
        #expect(attempts.begin(descriptor: descriptor)?.before == 0)
    }

    @Test("an attempt that cannot be recorded (the state folder is a file) gives nil, not a crash")
    func unrecordable() throws {
        let folder = try Folder()
        try FileSystem.writeNew(BytePath(folder.path + "/blocked"), [1])
        let attempts = LeftoverAttempts(folder: BytePath(folder.path + "/blocked/leftovers"))
        try FileSystem.writeNew(BytePath(folder.path + "/a.txt"), [2])
        let descriptor = try Self.open(folder.path + "/a.txt")
        defer { close(descriptor) }
        #expect(attempts.begin(descriptor: descriptor) == nil)
    }
}
