import Foundation
import Glibc
import NianbaoCore
@testable import NianbaoDaemon
import Synchronization
import Testing

/// Filing in batches (group commit): ``Disposer/file(_:)`` and the ``FilingLine`` that feeds it.
@Suite struct BatchFilingTests {
    /// Counts sync rounds, and fails those `fails` names (by number, from 0).
    final class Rounds: Sendable {
        let count = Atomic<Int>(0)
        let fails: @Sendable (Int) -> Bool
        init(fails: @escaping @Sendable (Int) -> Bool = { _ in false }) { self.fails = fails }
        var call: @Sendable (Int32) -> Int32 {
            { [self] descriptor in
                let number = count.add(1, ordering: .relaxed).oldValue
                if fails(number) {
                    errno = EIO
                    return -1
                }
                return fsync(descriptor)
            }
        }
    }

    static let notAReport = Array("这不是年报\n".utf8)

    /// Claims and checks `files` (bytes, name), ids from 1.
    static func checked(_ tree: DisposerTests.Tree, _ files: [([UInt8], String)], firstID: UInt64 = 1) throws -> [FilingLine.Entry] {
        try files.enumerated().map { index, file in
            let claim = try tree.claim(file.0, name: FileName(file.1), id: firstID + UInt64(index))
            return (claim, try tree.disposer.checkClaim(claim).get())
        }
    }

    /// What each disposition filed; fails the test at the first that is not `.filed`.
    static func filed(_ dispositions: [Disposition]) throws -> [Disposition.Filed] {
        try dispositions.map { disposition in
            guard case .filed(let one) = disposition else { throw NotFiled(disposition: disposition) }
            return one
        }
    }

    struct NotFiled: Error, CustomStringConvertible {
        var disposition: Disposition
        var description: String { "not filed: \(disposition)" }
    }

    /// `files` claimed and checked as ``checked(_:_:firstID:)`` does, each from an inbox of its own
    /// (`inbox0`, `inbox1`, … with a processing folder each), so that equal names can meet in a batch.
    static func checkedFromInboxes(_ tree: DisposerTests.Tree, _ files: [([UInt8], String)]) throws -> [FilingLine.Entry] {
        try files.enumerated().map { index, file -> FilingLine.Entry in
            let folder = BytePath(tree.root + "/processing/inbox\(index)")
            try FileSystem.makeDirectories(folder)
            let path = folder.appending(FileName(file.1))
            try FileSystem.writeNew(path, file.0)
            let claim = Claim(
                id: UInt64(index + 1), inbox: "inbox\(index)", inboxPath: nil, name: FileName(file.1), processingPath: path,
                claimedAt: 0)
            tree.registry.add(claim)
            return (claim, try tree.disposer.checkClaim(claim).get())
        }
    }

    /// The name a disposition filed its file under; `nil` when it did not file it.
    static func filedName(_ disposition: Disposition) -> String? {
        guard case .filed(let filed) = disposition else { return nil }
        return filed.filedPath.lastComponent.text
    }

    /// The error code of a failed disposition; `nil` when it did not fail.
    static func failureCode(_ disposition: Disposition) -> Int32? {
        guard case .failed(let error) = disposition else { return nil }
        return error.code
    }

    static func names(_ tree: DisposerTests.Tree, _ folder: String) throws -> [String] {
        try #require(try FileSystem.list(BytePath(tree.root + "/" + folder))).map(\.text).sorted()
    }

    @Test("A batch of distinct files costs three sync rounds in all, not three a file; each file filed once with its result")
    func threeRoundsABatch() throws {
        let rounds = Rounds()
        let tree = try DisposerTests.Tree(syncCall: rounds.call)
        let seed = try #require(DaemonFixture.seeds.first)
        let files = (0..<12).map { index in (index % 3 == 0 ? Self.notAReport : seed + Array("\n\(index)\n".utf8), "f\(index).txt") }
        let batch = try Self.checked(tree, files)
        let before = rounds.count.load(ordering: .relaxed)
        let dispositions = tree.disposer.file(batch)
        #expect(rounds.count.load(ordering: .relaxed) - before == 3)
        let filed = try Self.filed(dispositions)
        // In the batch's order, each where its verdict sends it, under its own name.
        #expect(filed.map(\.filedPath.lastComponent.text) == files.map(\.1))
        #expect(filed.map(\.result.verdict) == files.map { $0.0 == Self.notAReport ? .rejected : .accepted })
        for one in filed {
            #expect(try FileSystem.status(one.resultPath) != nil)
            #expect(try FileSystem.status(one.filedPath) != nil)
            if let reason = one.reasonPath {
                let text = String(decoding: try OpenedFile(reason).readAll(limit: 1 << 20), as: UTF8.self)
                #expect(text.contains(one.resultPath.lastComponent.text), "the reason names its own result")
            }
        }
        #expect(try Self.names(tree, "processing/default").isEmpty)
        #expect(try Self.names(tree, "outbox").count == 12)
        #expect(try Self.names(tree, "accepted").count == 8)
        #expect(try Self.names(tree, "rejected").count == 8, "four files and their reasons")
    }

    @Test("Equal names in one batch: the first keeps the name, the others get .2, .3 with their own reasons")
    func equalNamesInOneBatch() throws {
        let tree = try DisposerTests.Tree()
        let seed = try #require(DaemonFixture.seeds.first)
        let files = [
            (seed, "同名.txt"), (Self.notAReport, "同名.txt"), (seed + [0x0A], "同名.txt"),
            (Self.notAReport + [0x0A], "同名.txt"), (Self.notAReport + [0x0A, 0x0A], "同名.txt"),
        ]
        let batch = try Self.checkedFromInboxes(tree, files)
        let dispositions = tree.disposer.file(batch)
        let filed = try Self.filed(dispositions)
        #expect(filed.map(\.filedPath.lastComponent.text) == ["同名.txt", "同名.txt", "同名.2.txt", "同名.2.txt", "同名.3.txt"])
        #expect(try Self.names(tree, "accepted") == ["同名.2.txt", "同名.txt"])
        #expect(try Self.names(tree, "rejected") == [
            "同名.2.txt", "同名.2.txt.reason.txt", "同名.3.txt", "同名.3.txt.reason.txt", "同名.txt", "同名.txt.reason.txt",
        ])
        // Each reason belongs to the file filed under its name.
        for one in filed {
            guard let reason = one.reasonPath else { continue }
            let text = String(decoding: try OpenedFile(reason).readAll(limit: 1 << 20), as: UTF8.self)
            #expect(text.contains(one.resultPath.lastComponent.text))
        }
        #expect(try Self.names(tree, "outbox").count == 5, "one result each, no temporary file left")
        for index in files.indices { #expect(try Self.names(tree, "processing/inbox\(index)").isEmpty) }
    }

    @Test("In a batch, a rolled-back claim writes nothing and a file gone from processing fails; the others are filed")
    func rolledBackAndMissingInABatch() throws {
        let tree = try DisposerTests.Tree()
        let seed = try #require(DaemonFixture.seeds.first)
        // b.txt checked, then rolled back (a shutdown deadline) before it could be filed.
        let b = try Self.checked(tree, [(seed + [0x0A], "b.txt")])[0]
        #expect(tree.registry.rollBack().map(\.name.text) == ["b.txt"])
        let others = try Self.checked(tree, [(seed, "a.txt"), (Self.notAReport, "c.txt")], firstID: 10)
        let batch = [others[0], b, others[1]]
        // c.txt removed from processing by hand after its check.
        try FileSystem.remove(others[1].claim.processingPath)
        let dispositions = tree.disposer.file(batch)
        #expect(Self.filedName(dispositions[0]) == "a.txt")
        guard case .rolledBack = dispositions[1] else {
            Issue.record("b.txt must stay rolled back: \(dispositions[1])")
            return
        }
        #expect(Self.failureCode(dispositions[2]) == ENOENT, "c.txt is gone and cannot be filed")
        #expect(try Self.names(tree, "inbox") == ["b.txt"])
        #expect(try Self.names(tree, "accepted") == ["a.txt"])
        // c.txt's result and reason were written before its move failed; its reason is withdrawn,
        // so no reason stands in rejected/ without its file, and the name stays free.
        #expect(try Self.names(tree, "rejected").isEmpty)
        #expect(try Self.names(tree, "processing/default").isEmpty)
    }

    @Test("A file filed alone (its name taken in the batch) that is gone from processing fails, and its reason is withdrawn")
    func missingFileFiledAlone() throws {
        let tree = try DisposerTests.Tree()
        // Two rejected files of one name: the second's name is taken by the first, so it is filed alone.
        let batch = try Self.checkedFromInboxes(tree, [(Self.notAReport, "同名.txt"), (Self.notAReport + [0x0A], "同名.txt")])
        // The second removed from processing by hand after its check.
        try FileSystem.remove(batch[1].claim.processingPath)
        let dispositions = tree.disposer.file(batch)
        #expect(Self.filedName(dispositions[0]) == "同名.txt")
        #expect(Self.failureCode(dispositions[1]) == ENOENT, "the second 同名.txt is gone and cannot be filed")
        // Only the first file and its reason: the reason written for the second (同名.2.txt) is withdrawn.
        #expect(try Self.names(tree, "rejected") == ["同名.txt", "同名.txt.reason.txt"])
    }

    @Test("A sync that fails fails every file of the batch in flight; they stay in processing and a redo files them all")
    func failedRoundFailsTheBatch() throws {
        // Round 1 (the renames of results and reasons) fails.
        let failing = Rounds(fails: { $0 == 1 })
        let tree = try DisposerTests.Tree(syncCall: failing.call)
        let seed = try #require(DaemonFixture.seeds.first)
        let files = [(seed, "a.txt"), (Self.notAReport, "b.txt"), (seed + [0x0A], "c.txt")]
        let batch = try Self.checked(tree, files)
        for disposition in tree.disposer.file(batch) {
            guard case .failed(let error) = disposition else {
                Issue.record("a failed sync must fail the file: \(disposition)")
                return
            }
            #expect(error.code == EIO)
        }
        #expect(try Self.names(tree, "processing/default") == ["a.txt", "b.txt", "c.txt"])
        #expect(try Self.names(tree, "accepted").isEmpty)
        // The redo (as after a restart): the same result names, each file filed once.
        for entry in batch {
            var redo = entry.claim
            redo.id += 100
            tree.registry.add(redo)
        }
        let redone = tree.disposer.file(batch.map { entry in
            var redo = entry.claim
            redo.id += 100
            return (redo, entry.checked)
        })
        let filed = try Self.filed(redone)
        #expect(filed.map(\.filedPath.lastComponent.text) == ["a.txt", "b.txt", "c.txt"])
        #expect(try Self.names(tree, "outbox").count == 3)
        #expect(try Self.names(tree, "rejected") == ["b.txt", "b.txt.reason.txt"])
        #expect(try Self.names(tree, "processing/default").isEmpty)
    }

    @Test("The filing line: every file filed once, in batches of at most the maximum, by at most `lines` threads; files gather while a batch is filed")
    func filingLineGathers() throws {
        let line = FilingLine(lines: 2, maximumBatch: 8)
        let gauge = Gauge()
        let filed = Mutex<[UInt64]>([])
        let sizes = Mutex<[Int]>([])
        let done = DispatchGroup()
        let claim = { @Sendable (id: UInt64) in
            Claim(id: id, inbox: "x", inboxPath: nil, name: FileName("\(id)"), processingPath: BytePath("/nonexistent/\(id)"), claimedAt: 0)
        }
        let checked = Disposer.Checked(
            result: ReportChecker().check(bytes: Array("x".utf8), name: "x"), inode: 1, pretty: false)
        let file: @Sendable ([FilingLine.Entry]) -> Void = { batch in
            gauge.enter()
            usleep(3_000)
            gauge.leave()
            sizes.withLock { $0.append(batch.count) }
            filed.withLock { $0 += batch.map(\.claim.id) }
            for _ in batch { done.leave() }
        }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<50 {
                done.enter()
                line.submit((claim(UInt64(thread * 1000 + index)), checked), file: file)
                usleep(200)
            }
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        let ids = filed.withLock { $0 }
        #expect(ids.count == 200)
        #expect(Set(ids).count == 200, "each file once")
        #expect(gauge.peak <= 2)
        let batchSizes = sizes.withLock { $0 }
        #expect(batchSizes.allSatisfy { $0 >= 1 && $0 <= 8 })
        // 200 files arriving over about 10 ms a thread, filed 3 ms a batch: far fewer batches than files.
        #expect(batchSizes.count < 100)
        #expect(line.waiting == 0)
    }
}
