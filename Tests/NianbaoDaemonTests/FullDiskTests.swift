import Foundation
import Glibc
import NianbaoCore
import NianbaoJournal
import Testing

@testable import NianbaoDaemon

/// A full disk and what a killed process leaves: a real daemon on a real, really full file system
/// (a 64 KiB tmpfs mounted on the outbox, root only).
@Suite(.serialized)
struct FullDiskTests {
    /// Mounts a 64 KiB tmpfs on `path` and fills it; returns the filler's path.
    static func mountFullTmpfs(on path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try #require(system("mount -t tmpfs -o size=64k nianbaod-test-full '\(path)'") == 0, "mount tmpfs (needs root)")
        let filler = path + "/.filler"
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0x20, count: 4096)
        while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        try #require(errno == ENOSPC, "the tmpfs is full")
        return filler
    }

    @Test("A full outbox: the file waits in processing, nothing half-written stays, and it is filed once there is room, without a restart")
    func fullOutboxThenRoom() throws {
        try #require(getuid() == 0, "mounting a small tmpfs needs root (make test runs as root)")
        let fixture = try DaemonFixture()
        let outbox = fixture.path("var/outbox")
        let filler = try Self.mountFullTmpfs(on: outbox)
        defer { _ = system("umount -l '\(outbox)'") }

        try fixture.start()
        let name = Array("满盘测试.txt".utf8)
        let seed = try #require(DaemonFixture.seeds.first)
        try fixture.drop(seed, name: name)
        try fixture.waitUntil("the failure is logged with its retry", timeout: 20) {
            fixture.log.contains("处理失败") && fixture.log.contains("秒后自动重试")
        }
        #expect(fixture.log.contains(String(cString: strerror(ENOSPC))), "the log names the cause: \(fixture.log)")
        #expect(fixture.events(.fileFailed) >= 1, "logged with MESSAGE_ID=\(EventKind.fileFailed.messageID)")
        #expect(fixture.inProcessing() == [name], "the file waits in processing")
        #expect(fixture.filedCount() == 0)
        let outboxNames = try #require(try FileSystem.list(BytePath(outbox))).map(\.text)
        #expect(outboxNames == [".filler"], "no partial temporary file is left in the full outbox: \(outboxNames)")

        // Room again: the next retry (at most a few seconds away) files it, exactly once.
        try FileManager.default.removeItem(atPath: filler)
        try fixture.waitUntil("the file is filed after the disk has room", timeout: 30) { fixture.filedCount() == 1 }
        #expect(fixture.allFiled() == [name])
        #expect(fixture.inProcessing().isEmpty)
        #expect(fixture.resultNames() == ["满盘测试.txt": 1])
        #expect(try fixture.terminate() == 0)
    }

    @Test("Temporary files over an hour old in the outbox and rejected/ are removed at start; fresh ones are kept")
    func staleTemporaryFilesRemoved() throws {
        let fixture = try DaemonFixture()
        let outbox = fixture.path("var/outbox")
        let rejected = fixture.path("var/rejected")
        for folder in [outbox, rejected] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let stale = [outbox + "/.tmp-4242-abc.json", rejected + "/.tmp-4242-x.txt.reason.txt"]
        let fresh = outbox + "/.tmp-4243-def.json"
        let kept = outbox + "/.not-temporary"
        for path in stale + [fresh, kept] { try Data("{".utf8).write(to: URL(fileURLWithPath: path)) }
        let twoHoursAgo = Date().addingTimeInterval(-7200)
        for path in stale + [kept] {
            try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: path)
        }
        try fixture.start()
        for path in stale { #expect(!FileManager.default.fileExists(atPath: path), "removed: \(path)") }
        #expect(FileManager.default.fileExists(atPath: fresh), "a fresh one may belong to a daemon sharing the folder")
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(fixture.log.contains("清除了2个中断遗留的临时文件"))
        #expect(try fixture.terminate() == 0)
    }

    @Test("Retry pauses double from 1 s to at most 60 s; the earliest due comes first; a success resets the count")
    func retrySchedule() {
        #expect((1...9).map { RetrySchedule.pause(afterFailures: $0) } == [1, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(RetrySchedule.pause(afterFailures: 1_000) == 60)
        var schedule = RetrySchedule()
        func claim(_ name: String) -> Claim {
            Claim(id: 1, inbox: "default", inboxPath: nil, name: FileName(name),
                  processingPath: BytePath("/p/default/" + name), claimedAt: 0)
        }
        #expect(schedule.schedule(claim("a"), now: 100) == 1)
        #expect(schedule.popDue(now: 100.5) == nil, "not yet due")
        #expect(schedule.popDue(now: 101)?.name == FileName("a"))
        #expect(schedule.schedule(claim("a"), now: 200) == 2, "a second failure waits longer")
        #expect(schedule.schedule(claim("b"), now: 200) == 1)
        #expect(schedule.popDue(now: 300)?.name == FileName("b"), "b is due first")
        #expect(schedule.popDue(now: 300)?.name == FileName("a"))
        #expect(schedule.count == 0)
        schedule.forget(BytePath("/p/default/a"))
        #expect(schedule.schedule(claim("a"), now: 400) == 1, "filed once: the count starts again")
    }
}
