import Foundation
import Glibc
import NianbaoCore
import NianbaoDaemon
import NianbaoJournal
import NianbaoTestSupport
import Testing

/// End-to-end tests: a real `nianbaod run` process on real folders.
@Suite(.serialized)
struct DaemonIntegrationTests {
    /// A short text payload: the burst tests are about moving files, not about checking them.
    static func small(_ index: Int) -> [UInt8] { Array("政府信息公开工作年度报告 第\(index)份\n".utf8) }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    @Test("1,000 mixed files: each non-temporary one filed exactly once with one result; temporary ones untouched")
    func mixedThousand() throws {
        let fixture = try DaemonFixture(onDisk: true)
        try fixture.start()
        let seeds = DaemonFixture.seeds
        try #require(!seeds.isEmpty)
        var expected: [[UInt8]] = []
        var pngs: Set<[UInt8]> = []
        // Whatever the recognizer decides about each seed, the daemon must decide the same.
        let seedRejected = seeds.map { ReportChecker().check(bytes: $0, name: "seed.txt").verdict == .rejected }
        var expectRejected: Set<[UInt8]> = []
        var slow: [([UInt8], [UInt8])] = []
        for index in 0..<1000 {
            let seed = seeds[index % seeds.count]
            let countBefore = expected.count
            defer {
                if expected.count > countBefore, index % 10 != 0, seedRejected[index % seeds.count] {
                    expectRejected.insert(expected[expected.count - 1])
                }
            }
            switch index % 10 {
            case 0:
                let name = Array("image-\(index).png".utf8)
                try fixture.drop(Self.png, name: name)
                pngs.insert(name)
                expected.append(name)
            case 1:
                // Written under a temporary name in the inbox itself, then renamed.
                let final = Array("renamed-\(index).txt".utf8)
                let temporary = final + Array(".part".utf8)
                try fixture.write(seed, name: temporary)
                try FileSystem.replace(
                    BytePath(fixture.path("var/inbox")).appending(FileName(bytes: temporary)),
                    with: BytePath(fixture.path("var/inbox")).appending(FileName(bytes: final)))
                expected.append(final)
            case 2:
                // Hostile names: newline, spaces, invalid UTF-8.
                let name = Array("报告 第\(index)号\n副本 ".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
                try fixture.write(seed, name: name)
                expected.append(name)
            case 3 where slow.count < 20:
                slow.append((Array("slow-\(index).txt".utf8), seed))
                expected.append(slow.last!.0)
            default:
                let name = Array("seed-\(index).txt".utf8)
                if index % 2 == 0 { try fixture.drop(seed, name: name) } else { try fixture.write(seed, name: name) }
                expected.append(name)
            }
        }
        // Slow writers: the file stays open while it is written in five chunks.
        let inbox = fixture.path("var/inbox")
        let group = DispatchGroup()
        for (name, bytes) in slow {
            DispatchQueue.global().async(group: group) {
                let path = BytePath(inbox).appending(FileName(bytes: name))
                let descriptor = path.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
                let chunk = (bytes.count + 4) / 5
                for start in stride(from: 0, to: bytes.count, by: chunk) {
                    let end = min(bytes.count, start + chunk)
                    _ = bytes[start..<end].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
                    usleep(150_000)
                }
                close(descriptor)
            }
        }
        var untouched: [[UInt8]: [UInt8]] = [:]
        for index in 0..<20 {
            let dot = Array(".hidden-\(index).txt".utf8)
            let part = Array("download-\(index).txt.part".utf8)
            let swap = Array("edit-\(index).txt~".utf8)
            for name in [dot, part, swap] {
                try fixture.write(seeds[0], name: name)
                untouched[name] = seeds[0]
            }
        }
        group.wait()
        try fixture.waitUntil("1,000 files are filed", timeout: 120) {
            let (accepted, rejected) = fixture.filed()
            return accepted.count + rejected.count >= expected.count
        }
        // Give the daemon a moment to (wrongly) claim anything else, then check the whole picture.
        try fixture.waitUntil("the queue is idle", timeout: 10) { fixture.inProcessing().isEmpty }
        fixture.verifyExactlyOnce(expected, requireAllFiled: true)
        let (accepted, rejected) = fixture.filed()
        #expect(Set(rejected) == pngs.union(expectRejected))
        #expect(accepted.count == expected.count - pngs.count - expectRejected.count)
        for name in pngs {
            let reason = fixture.path("var/rejected/") + String(decoding: name, as: UTF8.self) + ".reason.txt"
            let text = try String(contentsOfFile: reason, encoding: .utf8)
            #expect(text.contains("UNSUPPORTED_TYPE"))
            #expect(text.contains("检查结果（JSON）"))
        }
        for (name, bytes) in slow {
            let text = String(decoding: name, as: UTF8.self)
            let data = FileManager.default.contents(atPath: fixture.path("var/accepted/") + text)
                ?? FileManager.default.contents(atPath: fixture.path("var/rejected/") + text)
            #expect(data.map { [UInt8]($0) } == bytes, "slow file claimed before it was complete")
        }
        let inboxNames = Set(fixture.names(in: "var/inbox"))
        #expect(inboxNames == Set(untouched.keys))
        #expect(fixture.events(.accepted) == accepted.count)
        #expect(fixture.events(.rejected) == rejected.count)
        #expect(try fixture.terminate() == 0)
    }

    @Test("SIGKILL at six random moments of a 2,000-file burst: exactly once, one result each")
    func killedDuringBurst() throws {
        let fixture = try DaemonFixture()
        try fixture.start()
        let names = (0..<2000).map { Array("burst-\($0).txt".utf8) }
        for (index, name) in names.enumerated() { try fixture.drop(Self.small(index), name: name) }
        // Random moments within the burst: when a random number of files is filed, plus jitter. One
        // moment in each sixth of 50…1,700, so each kill comes while files remain: a restarted daemon
        // files a hundred small files in the 40 ms a kill may lag (two moments near the end once let
        // the burst finish before the fifth kill).
        var generator = SystemRandomNumberGenerator()
        let thresholds = (0..<6).map { sixth in Int.random(in: (50 + sixth * 275)..<(50 + (sixth + 1) * 275), using: &generator) }
        var killsMidBurst = 0
        for threshold in thresholds {
            try fixture.waitUntil("\(threshold) files are filed", timeout: 60) {
                let (accepted, rejected) = fixture.filed()
                return accepted.count + rejected.count >= threshold
            }
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            let (accepted, rejected) = fixture.filed()
            if accepted.count + rejected.count < names.count { killsMidBurst += 1 }
            fixture.signal(SIGKILL)
            try fixture.waitForExit()
            try fixture.start()
        }
        #expect(killsMidBurst >= 5, "the burst ended before five kills")
        try fixture.waitUntil("2,000 files are filed", timeout: 180) {
            let (accepted, rejected) = fixture.filed()
            return accepted.count + rejected.count >= names.count
        }
        fixture.verifyExactlyOnce(names, requireAllFiled: true)
        #expect(fixture.inProcessing().isEmpty)
        #expect(fixture.resultNames().count == names.count)
        #expect(try fixture.terminate() == 0)
    }

    @Test("Two daemons on the same folders, the second started mid-burst: each file filed once, by one of them, with its own reason")
    func twoDaemonsShareFolders() throws {
        let inboxes: [(name: String, path: String, mode: String?)] = [("east", "var/east", nil), ("west", "var/west", nil)]
        let first = try DaemonFixture(extraConfig: "concurrency = 1", inboxes: inboxes)
        // The second daemon's configuration names the first's folders; only its state folder is its own.
        let second = try DaemonFixture(
            extraConfig: """
                concurrency = 1
                [folders]
                processing = "\(first.path("var/processing"))"
                outbox = "\(first.path("var/outbox"))"
                accepted = "\(first.path("var/accepted"))"
                rejected = "\(first.path("var/rejected"))"
                state = "var/state"
                """,
            inboxes: [("east", first.path("var/east"), nil), ("west", first.path("var/west"), nil)])
        try first.start()
        // The same names in both inboxes: two files of one name are filed at the same time,
        // often by different daemons. Even ones are rejected, with different content east and west.
        let count = 1000
        func content(_ index: Int, west: Bool) -> [UInt8] {
            index % 2 == 0 ? Self.small(index + (west ? 100_000 : 0)) : DaemonFixture.seeds[index % DaemonFixture.seeds.count]
        }
        for index in 0..<count {
            for west in [false, true] {
                try first.drop(content(index, west: west), name: Array("r-\(index).txt".utf8), in: west ? "var/west" : "var/east")
            }
        }
        try first.waitUntil("the first daemon has files in processing", timeout: 30) { !first.inProcessing().isEmpty }
        try second.start()
        try first.waitUntil("all files are filed", timeout: 180) { first.filedCount() >= 2 * count }
        usleep(300_000)
        let (accepted, rejected) = first.filed()
        #expect(accepted.count + rejected.count == 2 * count)
        #expect(first.inProcessing().isEmpty)
        #expect(first.names(in: "var/east").isEmpty && first.names(in: "var/west").isEmpty)
        // Each name twice: NAME and NAME.2, in accepted/ or rejected/.
        var places: [String: Int] = [:]
        for name in accepted + rejected {
            places[String(decoding: name, as: UTF8.self).replacingOccurrences(of: ".2.txt", with: ".txt"), default: 0] += 1
        }
        #expect(places.count == count && places.values.allSatisfy { $0 == 2 })
        // Each rejected file has its own reason: the SHA-256 in it is the file's.
        let reasons = first.names(in: "var/rejected").filter { $0.ends(with: Array(".reason.txt".utf8)) }
        #expect(reasons.count == rejected.count)
        var mismatched: [String] = []
        for name in rejected {
            let text = String(decoding: name, as: UTF8.self)
            let bytes = try #require(FileManager.default.contents(atPath: first.path("var/rejected/" + text)))
            let reason = (try? String(contentsOfFile: first.path("var/rejected/\(text).reason.txt"), encoding: .utf8)) ?? ""
            if !reason.contains("SHA-256：\(SHA256.hex([UInt8](bytes)))") { mismatched.append(text) }
        }
        #expect(mismatched.isEmpty, "reasons not describing the file beside them: \(mismatched.prefix(5))")
        // One verdict per file across both daemons, no failure: the second left the first's claims alone.
        let verdicts = [first, second].map { $0.events(.accepted) + $0.events(.rejected) }
        #expect(verdicts.reduce(0, +) == 2 * count)
        #expect(verdicts[1] > 0, "the second daemon took part")
        let failures = [first, second].flatMap { $0.log.split(separator: "\n").filter { $0.contains(EventKind.fileFailed.messageID) } }
        #expect(failures.isEmpty, "failures: \(failures.prefix(3))")
        for fixture in [first, second] {
            #expect(try fixture.terminate() == 0)
        }
    }

    @Test("A file a dead peer left in processing is taken over at the next safety rescan; one a live peer holds is not")
    func abandonedFilesAreAdopted() throws {
        let fixture = try DaemonFixture(extraConfig: "rescan_interval = 1")
        try fixture.start()
        let processing = fixture.path("var/processing/default")
        try FileManager.default.createDirectory(atPath: processing, withIntermediateDirectories: true)
        // held.txt: claimed by a live peer (this test process holds its flock). orphan.txt: nobody's.
        try fixture.write(DaemonFixture.seeds[0], name: Array("held.txt".utf8), in: "var/processing/default")
        let held = open(processing + "/held.txt", O_RDONLY)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        try fixture.write(DaemonFixture.seeds[1], name: Array("orphan.txt".utf8), in: "var/processing/default")
        try fixture.waitUntil("orphan.txt is filed", timeout: 15) { fixture.filedCount() == 1 }
        usleep(2_500_000)  // two more rescans
        #expect(fixture.inProcessing() == [Array("held.txt".utf8)], "the live peer's file is left alone")
        close(held)
        try fixture.waitUntil("held.txt is filed once its peer is gone", timeout: 15) { fixture.filedCount() == 2 }
        #expect(fixture.resultNames() == ["held.txt": 1, "orphan.txt": 1])
        #expect(fixture.events(.fileFailed) == 0)
        #expect(try fixture.terminate() == 0)
    }

    @Test("run refuses to start when accepted/ is on another file system than processing/, naming both")
    func foldersOnTwoFileSystems() throws {
        var template = Array("/dev/shm/nianbaod-accepted-XXXXXX".utf8CString)
        let elsewhere = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let fixture = try DaemonFixture(extraConfig: "[folders]\naccepted = \"\(elsewhere)\"", onDisk: true)
        let devices = [fixture.root, elsewhere].map { path -> UInt64 in
            var status = stat()
            return stat(path, &status) == 0 ? UInt64(status.st_dev) : 0
        }
        try #require(devices[0] != devices[1], "needs /tmp and /dev/shm on different file systems")
        try fixture.start(waitReady: false)
        #expect(try fixture.waitForExit() == 1)
        #expect(fixture.log.contains("folders.accepted (\(elsewhere)) is on another file system"))
        #expect(fixture.events(.ready) == 0)
    }

    @Test("A burst beyond fs.inotify.max_queued_events: overflow logged, nothing missed")
    func queueOverflow() throws {
        let sysctl = "/proc/sys/fs/inotify/max_queued_events"
        let original = try String(contentsOfFile: sysctl, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let fixture = try DaemonFixture()
        // The limit is taken when the inotify instance is created: lower it (as root) only for the
        // daemon's start. Without the right to, flood past the machine's own limit instead.
        let lowered = (try? "500\n".write(toFile: sysctl, atomically: false, encoding: .utf8)) != nil
        defer { if lowered { try? (original + "\n").write(toFile: sysctl, atomically: false, encoding: .utf8) } }
        try fixture.start()
        if lowered { try (original + "\n").write(toFile: sysctl, atomically: false, encoding: .utf8) }
        let limit = lowered ? 500 : (Int(original) ?? 16384)
        // Stopped, the daemon cannot read: six times the queue's size certainly overflows it.
        fixture.signal(SIGSTOP)
        let names = (0..<(limit * 6)).map { Array("flood-\($0).txt".utf8) }
        for (index, name) in names.enumerated() { try fixture.drop(Self.small(index), name: name) }
        fixture.signal(SIGCONT)
        try fixture.waitUntil("\(names.count) files are filed", timeout: 300) {
            let (accepted, rejected) = fixture.filed()
            return accepted.count + rejected.count >= names.count
        }
        fixture.verifyExactlyOnce(names, requireAllFiled: true)
        #expect(fixture.events(.overflowRescan) >= 1)
        #expect(try fixture.terminate() == 0)
    }

    @Test("An inbox deleted and re-created while running is watched again")
    func inboxRecreated() throws {
        let fixture = try DaemonFixture()
        try fixture.start()
        let seed = DaemonFixture.seeds[0]
        for index in 0..<10 { try fixture.drop(seed, name: Array("before-\(index).txt".utf8)) }
        try fixture.waitUntil("the first files are filed", timeout: 30) { fixture.filedCount() == 10 }
        try FileManager.default.removeItem(atPath: fixture.path("var/inbox"))
        try fixture.waitUntil("the loss is logged", timeout: 10) { fixture.log.contains("已被删除或移走") }
        try FileManager.default.createDirectory(atPath: fixture.path("var/inbox"), withIntermediateDirectories: false)
        for index in 0..<10 { try fixture.drop(seed, name: Array("after-\(index).txt".utf8)) }
        try fixture.waitUntil("the files in the new inbox are filed", timeout: 30) { fixture.filedCount() == 20 }
        // Still watched by inotify: a later file is filed well before the safety rescan.
        try fixture.drop(seed, name: Array("later.txt".utf8))
        try fixture.waitUntil("a later file is filed", timeout: 10) { fixture.filedCount() == 21 }
        #expect(fixture.events(.inboxLost) == 1 && fixture.events(.inboxRestored) == 1, "each with its MESSAGE_ID")
        #expect(try fixture.terminate() == 0)
    }

    @Test("SIGHUP reloads the configuration and watches an added inbox; an invalid file is refused")
    func reloadAddsInbox() throws {
        let fixture = try DaemonFixture()
        try fixture.start()
        try fixture.writeConfig(extraConfig: "", inboxes: [("default", "var/inbox", nil), ("second", "var/second", "poll")])
        fixture.signal(SIGHUP)
        try fixture.waitUntil("the reload is logged", timeout: 10) { fixture.events(.reload) == 1 }
        let seed = DaemonFixture.seeds[0]
        try fixture.drop(seed, name: Array("via-second.txt".utf8), in: "var/second")
        try fixture.drop(seed, name: Array("via-default.txt".utf8))
        try fixture.waitUntil("both files are filed", timeout: 30) { fixture.filedCount() == 2 }
        let results = fixture.resultNames()
        #expect(results["via-second.txt"] == 1 && results["via-default.txt"] == 1)
        // A broken file on reload: logged, the old configuration stays.
        try Data("concurrency = \"many\"\n".utf8).write(to: URL(fileURLWithPath: fixture.configPath))
        fixture.signal(SIGHUP)
        try fixture.waitUntil("the failed reload is logged", timeout: 10) { fixture.log.contains("重新加载配置失败") }
        try fixture.drop(seed, name: Array("after-bad-reload.txt".utf8), in: "var/second")
        try fixture.waitUntil("the second inbox still works", timeout: 30) { fixture.filedCount() == 3 }
        #expect(try fixture.terminate() == 0)
    }

    @Test("SIGTERM in the middle of a burst: exit 0, nothing lost, the rest done after a restart")
    func terminatedMidBurst() throws {
        let fixture = try DaemonFixture()
        try fixture.start()
        let names = (0..<1000).map { Array("term-\($0).txt".utf8) }
        for (index, name) in names.enumerated() { try fixture.drop(Self.small(index), name: name) }
        try fixture.waitUntil("some files are filed", timeout: 60) { fixture.filedCount() >= 50 }
        #expect(try fixture.terminate() == 0)
        #expect(fixture.events(.shutdown) == 1)
        fixture.verifyExactlyOnce(names, requireAllFiled: false)
        #expect(fixture.inProcessing().isEmpty, "in-flight files were neither finished nor rolled back")
        try fixture.start()
        try fixture.waitUntil("the rest is filed after a restart", timeout: 120) {
            fixture.filedCount() == names.count
        }
        fixture.verifyExactlyOnce(names, requireAllFiled: true)
        #expect(try fixture.terminate() == 0)
    }

    @Test("Hostile files: symbolic link, FIFO, too large; equal names never overwrite")
    func hostileFiles() throws {
        let fixture = try DaemonFixture(extraConfig: "size_limit = 10000")
        try fixture.start()
        let staging = fixture.path("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: staging + "/link.txt", withDestinationPath: "/etc/passwd")
        #expect(mkfifo(staging + "/pipe.txt", 0o644) == 0)
        for name in ["link.txt", "pipe.txt"] {
            #expect(rename(staging + "/" + name, fixture.path("var/inbox/") + name) == 0)
        }
        let large = [UInt8](repeating: 0x41, count: 50_000)
        try fixture.drop(large, name: Array("large.txt".utf8))
        try fixture.waitUntil("three refusals", timeout: 30) { fixture.filed().rejected.count == 3 }
        let refusals = fixture.filedCount()
        for name in ["link.txt", "pipe.txt", "large.txt"] {
            let reason = try String(contentsOfFile: fixture.path("var/rejected/\(name).reason.txt"), encoding: .utf8)
            #expect(reason.contains(name == "large.txt" ? "TOO_LARGE" : "UNSUPPORTED_TYPE"))
        }
        #expect(try String(contentsOfFile: fixture.path("var/rejected/link.txt.reason.txt"), encoding: .utf8).contains("符号链接"))
        var linkStatus = stat()
        #expect(lstat(fixture.path("var/rejected/link.txt"), &linkStatus) == 0 && linkStatus.st_mode & S_IFMT == S_IFLNK)
        let largeResult = try #require(fixture.names(in: "var/outbox").first { name in
            let text = String(decoding: name, as: UTF8.self)
            return text.hasPrefix(sha256OfLarge(large))
        })
        #expect(!largeResult.isEmpty)
        // Equal names: the second `same.txt` is filed beside the first, never over it.
        let seed = DaemonFixture.seeds[0]
        try fixture.drop(seed, name: Array("same.txt".utf8))
        try fixture.waitUntil("the first same.txt", timeout: 20) { fixture.filedCount() == refusals + 1 }
        try fixture.drop(seed + [0x0A], name: Array("same.txt".utf8))
        try fixture.waitUntil("the second same.txt", timeout: 20) { fixture.filedCount() == refusals + 2 }
        #expect(Set(fixture.allFiled()).isSuperset(of: [Array("same.txt".utf8), Array("same.2.txt".utf8)]))
        #expect(try fixture.terminate() == 0)
    }

    private func sha256OfLarge(_ bytes: [UInt8]) -> String {
        var hasher = NianbaoCoreSHA.make()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    @Test("run refuses an invalid configuration, naming line and key")
    func refusesInvalidConfiguration() throws {
        let fixture = try DaemonFixture()
        try Data("language = \"zh\"\nconcurrency = -1\n[mail]\nsender = \"nobody\"\n".utf8)
            .write(to: URL(fileURLWithPath: fixture.configPath))
        try fixture.start(waitReady: false)
        #expect(try fixture.waitForExit() == 78)
        #expect(fixture.log.contains("nianbaod.toml:2: concurrency:"))
        #expect(fixture.log.contains("nianbaod.toml:4: mail.sender:"))
        #expect(fixture.names(in: "var").isEmpty)
    }
}

/// Start-up recovery, shutdown roll-back and the `config check` command.
@Suite(.serialized)
struct DaemonLifecycleTests {
    @Test("Files left in processing by a crash are processed at start-up")
    func leftoversProcessed() throws {
        let fixture = try DaemonFixture()
        let processing = fixture.path("var/processing/default")
        try FileManager.default.createDirectory(atPath: processing, withIntermediateDirectories: true)
        try FileSystem.writeNew(BytePath(processing + "/left-over.txt"), DaemonIntegrationTests.small(1))
        try fixture.start()
        try fixture.waitUntil("the leftover is filed", timeout: 20) { fixture.allFiled() == [Array("left-over.txt".utf8)] }
        #expect(fixture.resultNames() == ["left-over.txt": 1])
        #expect(try fixture.terminate() == 0)
    }

    /// A file that crashes the checker, with other files in processing beside it: each restart
    /// (as systemd would do) checks the leftovers one at a time, and the third death checking the
    /// same file is its last; the innocent files are filed normally, the culprit rejected unchecked.
    @Test("A file that crashes the checker is rejected after three crashes; the daemon then keeps running")
    func crashingFileIsRejected() throws {
        let fixture = try DaemonFixture()
        let crash = ["NIANBAOD_TEST_CRASH_ON_NAME": "poison"]
        let seed = try #require(DaemonFixture.seeds.first)
        // Innocent files already in processing (left by an earlier crash), and the culprit in the inbox.
        let processing = fixture.path("var/processing/default")
        try FileManager.default.createDirectory(atPath: processing, withIntermediateDirectories: true)
        for index in 0..<3 { try FileSystem.writeNew(BytePath(processing + "/left-\(index).txt"), seed) }
        try FileManager.default.createDirectory(atPath: fixture.path("var/inbox"), withIntermediateDirectories: true)
        try fixture.drop(seed, name: Array("poison.txt".utf8))

        var crashes = 0
        while crashes < 6 {
            try fixture.start(waitReady: false, environment: crash)
            let process = try #require(fixture.process)
            try fixture.waitUntil("the daemon crashes or files everything", timeout: 30) {
                !process.isRunning || fixture.filedCount() == 4
            }
            if process.isRunning { break }
            #expect(process.terminationReason == .uncaughtSignal, "a crash, not an exit")
            crashes += 1
        }
        #expect(crashes == 1 + LeftoverAttempts.limit)
        let filed = fixture.filed()
        #expect(Set(filed.rejected) == [Array("poison.txt".utf8)])
        #expect(Set(filed.accepted).union(filed.rejected).count == 4)
        fixture.verifyExactlyOnce(["poison.txt", "left-0.txt", "left-1.txt", "left-2.txt"].map { Array($0.utf8) }, requireAllFiled: true)
        let reason = try String(contentsOfFile: fixture.path("var/rejected/poison.txt.reason.txt"), encoding: .utf8)
        #expect(reason.contains("3次意外中断"), "reason: \(reason)")
        // The verdict is logged once the file is filed, so the log may be a moment behind the folder.
        try fixture.waitUntil("the rejection is logged", timeout: 10) { fixture.log.contains("UNREADABLE") }
        // The attempt records are gone with the files they were about.
        #expect(fixture.names(in: "var/state/leftovers").isEmpty)

        // The daemon goes on: a new file (not named for the crash) is checked as usual.
        try fixture.drop(seed, name: Array("after.txt".utf8))
        try fixture.waitUntil("the next file is filed", timeout: 20) { fixture.filedCount() == 5 }
        #expect(try fixture.terminate() == 0)
    }

    /// The test plays systemd's part: it reads the notifications, and kills the daemon once the
    /// WATCHDOG=1 pings have stopped for twice the interval.
    @Test("A check that hangs stops the watchdog pings; after three kills the file is rejected and the pings go on")
    func hangingFileStopsTheWatchdog() throws {
        let fixture = try DaemonFixture()
        let listener = try NotifyListener()
        let environment = [
            "NIANBAOD_TEST_HANG_ON_NAME": "stuck", "NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "1500000",
        ]
        let seed = try #require(DaemonFixture.seeds.first)
        try FileManager.default.createDirectory(atPath: fixture.path("var/inbox"), withIntermediateDirectories: true)
        try fixture.drop(seed, name: Array("stuck.txt".utf8))

        var kills = 0
        var pingsAfterFiling = 0
        runs: while kills < 5 {
            try fixture.start(waitReady: false, environment: environment)
            let process = try #require(fixture.process)
            var lastPing: Date?
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                try #require(process.isRunning, "the daemon must hang, not exit: \(fixture.log.suffix(2000))")
                if let message = listener.next(timeout: 0.2) {
                    if message.contains("WATCHDOG=1") {
                        lastPing = Date()
                        if fixture.filedCount() == 1 { pingsAfterFiling += 1 }
                        if pingsAfterFiling >= 3 { break runs }
                    }
                    continue
                }
                if let lastPing, Date().timeIntervalSince(lastPing) > 3 {
                    fixture.signal(SIGKILL)
                    try fixture.waitForExit()
                    kills += 1
                    continue runs
                }
            }
            Issue.record("neither a stall nor a filing within 30 s")
            break
        }
        #expect(kills == 1 + LeftoverAttempts.limit)
        #expect(pingsAfterFiling >= 3, "the pings resume once the file is filed")
        #expect(fixture.filed().rejected == [Array("stuck.txt".utf8)])
        let reason = try String(contentsOfFile: fixture.path("var/rejected/stuck.txt.reason.txt"), encoding: .utf8)
        #expect(reason.contains("3次意外中断"))
        #expect(try fixture.terminate() == 0)
    }

    @Test("SIGTERM past the deadline moves a file still being checked back to its inbox, exit 0")
    func rollBackAtDeadline() throws {
        let fixture = try DaemonFixture(extraConfig: "shutdown_timeout = 0\nsize_limit = 200000000")
        try fixture.start()
        // A large text file keeps a worker busy long enough to be caught by the deadline.
        let line = Array("政府信息公开工作年度报告，数字 1 2 3 4 5 6 7 8 9 10\n".utf8)
        var big: [UInt8] = []
        big.reserveCapacity(line.count * 400_000)
        for _ in 0..<400_000 { big += line }
        try fixture.drop(big, name: Array("big.txt".utf8))
        try fixture.waitUntil("the big file is claimed", timeout: 20) { fixture.inProcessing() == [Array("big.txt".utf8)] }
        #expect(try fixture.terminate() == 0)
        #expect(fixture.names(in: "var/inbox") == [Array("big.txt".utf8)])
        #expect(fixture.inProcessing().isEmpty)
        #expect(fixture.resultNames().isEmpty)
        #expect(fixture.log.contains("1个超时未完成、已退回收件箱"))
    }

    @Test("An inbox path that is a symbolic link to a folder is watched through the link")
    func symlinkedInbox() throws {
        let fixture = try DaemonFixture(inboxes: [("linked", "var/linked", nil)])
        try FileManager.default.createDirectory(atPath: fixture.path("var/real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.path("var/linked"), withDestinationPath: fixture.path("var/real"))
        try fixture.start()
        try fixture.drop(DaemonIntegrationTests.small(3), name: Array("through-link.txt".utf8), in: "var/real")
        try fixture.waitUntil("the file is filed", timeout: 10) { fixture.allFiled() == [Array("through-link.txt".utf8)] }
        #expect(try fixture.terminate() == 0)
    }

    @Test("`nianbaod config check` prints OK or every mistake, with exit status 0 or 1")
    func configCheckCommand() throws {
        let fixture = try DaemonFixture()
        func run(_ file: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DaemonFixture.binary)
            process.arguments = ["config", "check", file]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        let (okStatus, okOutput) = try run(ConfigurationTests.exampleFile)
        #expect(okStatus == 0 && okOutput.contains(": OK"))
        try Data("[[inboxes]]\nname = \"x y\"\npath = \"var/inbox\"\nbogus = 1\n".utf8)
            .write(to: URL(fileURLWithPath: fixture.configPath))
        let (badStatus, badOutput) = try run(fixture.configPath)
        #expect(badStatus == 1)
        #expect(badOutput.contains("nianbaod.toml:2: inboxes[1].name:"))
        #expect(badOutput.contains("nianbaod.toml:4: inboxes[1].bogus: unknown key"))
    }

    @Test("the fixture can say where a running daemon's threads are (its diagnosis for a daemon that does not answer)")
    func threadStatesOfARunningDaemon() throws {
        let fixture = try DaemonFixture()
        try fixture.start()
        let states = fixture.threadStates()
        let lines = states.split(separator: "\n")
        // The main thread (named after the executable) and the cooperative pool's at least, each with a state.
        #expect(lines.count >= 2, "\(states)")
        #expect(lines.allSatisfy { $0.contains(" state ") && !$0.contains("state ?") }, "\(states)")
        #expect(lines.first?.contains("nianbaod") == true, "\(states)")
        #expect(try fixture.terminate() == 0)
    }
}
