import Foundation
import Glibc
import NianbaoCore
@testable import NianbaoDaemon
import Testing

/// The disposer on real folders, without a daemon process.
@Suite struct DisposerTests {
    final class Tree {
        let root: String
        let registry = JobRegistry()
        let disposer: Disposer

        init(
            sizeLimit: Int = CheckOptions.defaultSizeLimit, durability: Durability = .syncfs,
            syncCall: (@Sendable (Int32) -> Int32)? = nil
        ) throws {
            var template = Array("/tmp/nianbaod-disposer-XXXXXX".utf8CString)
            root = String(cString: try #require(mkdtemp(&template)))
            for folder in ["inbox", "processing/default", "outbox", "accepted", "rejected"] {
                try FileSystem.makeDirectories(BytePath(root + "/" + folder))
            }
            disposer = Disposer(
                folders: Disposer.Folders(
                    outbox: BytePath(root + "/outbox"), accepted: BytePath(root + "/accepted"),
                    rejected: BytePath(root + "/rejected")),
                options: CheckOptions(sizeLimit: sizeLimit), prettyResults: false, registry: registry,
                durability: durability, syncCall: syncCall)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func claim(_ bytes: [UInt8], name: FileName, id: UInt64) throws -> Claim {
            let path = BytePath(root + "/processing/default").appending(name)
            try FileSystem.writeNew(path, bytes)
            let claim = Claim(
                id: id, inbox: "default", inboxPath: BytePath(root + "/inbox"), name: name, processingPath: path,
                claimedAt: 0)
            registry.add(claim)
            return claim
        }
    }

    @Test("A rejected file gets its result first, then its reason, then moves; equal names get .2")
    func rejectedAndEqualNames() throws {
        let tree = try Tree()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let name = FileName(bytes: Array("扫描件\n".utf8) + [0xFE] + Array(".png".utf8))
        var filedPaths: [BytePath] = []
        for id: UInt64 in 1...2 {
            let claim = try tree.claim(png, name: name, id: id)
            guard case .filed(let filed) = tree.disposer.process(claim) else {
                Issue.record("not filed")
                return
            }
            #expect(filed.result.verdict == .rejected)
            #expect(try FileSystem.status(filed.resultPath) != nil)
            #expect(try FileSystem.status(claim.processingPath) == nil)
            let reason = try #require(filed.reasonPath)
            let text = try OpenedFile(reason).readAll(limit: 1 << 20)
            #expect(String(decoding: text, as: UTF8.self).contains("扫描件\\n\\xfe.png"))
            filedPaths.append(filed.filedPath)
        }
        #expect(filedPaths[0].lastComponent == name)
        #expect(filedPaths[1].lastComponent.bytes == Array("扫描件\n".utf8) + [0xFE] + Array(".2.png".utf8))
        let results = try #require(try FileSystem.list(BytePath(tree.root + "/outbox")))
        #expect(results.filter { !$0.isHidden }.count == 2)
    }

    @Test("Names up to the 255-byte limit: the reason file and .2 variants fit, each reason distinct, the name kept when it fits")
    func namesNearTheLengthLimit() throws {
        let tree = try Tree()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        // 250 and 255 bytes: three-byte characters, then a byte or two of ASCII, then the extension.
        let long250 = FileName(bytes: Array(String(repeating: "退", count: 82).utf8) + Array(".png".utf8))
        let long255 = FileName(bytes: Array(String(repeating: "回", count: 83).utf8) + Array("ab.png".utf8))
        #expect(long250.bytes.count == 250 && long255.bytes.count == 255)
        var id: UInt64 = 0
        for name in [long250, long255] {
            var filed: [Disposition.Filed] = []
            for _ in 1...3 {
                id += 1
                let claim = try tree.claim(png, name: name, id: id)
                guard case .filed(let one) = tree.disposer.process(claim) else {
                    Issue.record("a \(name.bytes.count)-byte name must be filed")
                    return
                }
                filed.append(one)
            }
            #expect(filed[0].filedPath.lastComponent == name, "the first keeps its name byte for byte")
            for one in filed {
                let last = one.filedPath.lastComponent.bytes
                #expect(last.count <= 255)
                #expect(String(validating: last, as: UTF8.self) != nil, "cut at a character boundary")
                #expect(last.suffix(4) == Array(".png".utf8)[...], "the extension stays last")
                let reason = try #require(one.reasonPath).lastComponent.bytes
                #expect(reason.count <= 255 && reason.suffix(11) == Array(".reason.txt".utf8)[...])
                #expect(String(validating: reason, as: UTF8.self) != nil)
            }
            #expect(Set(filed.map(\.filedPath)).count == 3)
            #expect(Set(filed.compactMap(\.reasonPath)).count == 3, "each file has its own reason")
            #expect(filed[1].filedPath.lastComponent.bytes.contains(Array(".2.".utf8)))
        }
        let rejected = try #require(try FileSystem.list(BytePath(tree.root + "/rejected")))
        #expect(rejected.count == 12, "six files and six reasons")
        #expect(!rejected.contains { $0.isHidden }, "no temporary file is left")
    }

    @Test("Redoing a file (crash before the move) rewrites the same result name")
    func redoIsHarmless() throws {
        let tree = try Tree()
        let seed = Array("这是一份文本报告\n".utf8)
        let claim = try tree.claim(seed, name: FileName("a.txt"), id: 1)
        guard case .filed(let first) = tree.disposer.process(claim) else { Issue.record("not filed"); return }
        // Put it back as if the crash came just before the final rename, then redo it.
        #expect(try FileSystem.move(first.filedPath, to: claim.processingPath) == .moved)
        tree.registry.add(Claim(id: 2, inbox: claim.inbox, inboxPath: claim.inboxPath, name: claim.name,
                                processingPath: claim.processingPath, claimedAt: 0))
        var redo = claim
        redo.id = 2
        guard case .filed(let second) = tree.disposer.process(redo) else { Issue.record("not filed"); return }
        #expect(second.resultPath == first.resultPath)
        #expect(second.filedPath == first.filedPath)
        #expect(try FileSystem.list(BytePath(tree.root + "/outbox"))?.filter { !$0.isHidden }.count == 1)
    }

    @Test("Another file's reason reserves its name: kept byte for byte, this file takes the next name")
    func foreignReasonReservesTheName() throws {
        let tree = try Tree()
        // Another daemon has written rejected/报告.txt.reason.txt and is about to move its file there.
        let foreign = Array("另一守护进程的退回说明\n".utf8)
        let foreignPath = BytePath(tree.root + "/rejected/报告.txt.reason.txt")
        try FileSystem.writeNew(foreignPath, foreign)
        let claim = try tree.claim(Array("这不是年报\n".utf8), name: FileName("报告.txt"), id: 1)
        guard case .filed(let filed) = tree.disposer.process(claim) else { Issue.record("not filed"); return }
        #expect(filed.result.verdict == .rejected)
        #expect(filed.filedPath.lastComponent == FileName("报告.2.txt"))
        #expect(filed.reasonPath?.lastComponent == FileName("报告.2.txt.reason.txt"))
        #expect(try OpenedFile(foreignPath).readAll(limit: 1 << 20) == foreign, "the other daemon's reason is untouched")
        let own = String(decoding: try OpenedFile(try #require(filed.reasonPath)).readAll(limit: 1 << 20), as: UTF8.self)
        #expect(own.contains(filed.resultPath.lastComponent.text))
        let names = Set(try #require(try FileSystem.list(BytePath(tree.root + "/rejected"))).map(\.text))
        #expect(names == ["报告.txt.reason.txt", "报告.2.txt", "报告.2.txt.reason.txt"])
    }

    @Test("A reason file left by this file's own crash before the move is its own: the redo takes the same name")
    func ownReasonAfterCrash() throws {
        let tree = try Tree()
        let claim = try tree.claim(Array("这不是年报\n".utf8), name: FileName("c.txt"), id: 1)
        guard case .filed(let first) = tree.disposer.process(claim) else { Issue.record("not filed"); return }
        let reason = try #require(first.reasonPath)
        let text = try OpenedFile(reason).readAll(limit: 1 << 20)
        // The crash came after the reason was in place and before the move.
        #expect(try FileSystem.move(first.filedPath, to: claim.processingPath) == .moved)
        var redo = claim
        redo.id = 2
        tree.registry.add(redo)
        guard case .filed(let second) = tree.disposer.process(redo) else { Issue.record("not filed"); return }
        #expect(second.filedPath == first.filedPath)
        #expect(second.reasonPath == reason)
        #expect(try OpenedFile(reason).readAll(limit: 1 << 20) == text)
        #expect(try FileSystem.list(BytePath(tree.root + "/rejected"))?.count == 2, "c.txt and its reason, no c.2.txt")
    }

    @Test("With durability = fsync, files are filed the same way: result, reason, equal names, no temporary file left")
    func fsyncDurability() throws {
        let tree = try Tree(durability: .fsync)
        let seed = try #require(DaemonFixture.seeds.first)
        var filed: [Disposition.Filed] = []
        for (id, (bytes, name)) in [(seed, "a.txt"), (Array("这不是年报\n".utf8), "b.txt"), (Array("这也不是\n".utf8), "b.txt")]
            .enumerated()
        {
            let claim = try tree.claim(bytes, name: FileName(name), id: UInt64(id + 1))
            guard case .filed(let one) = tree.disposer.process(claim) else { Issue.record("not filed"); return }
            filed.append(one)
        }
        #expect(filed.map(\.result.verdict) == [.accepted, .rejected, .rejected])
        #expect(filed.map(\.filedPath.lastComponent.text) == ["a.txt", "b.txt", "b.2.txt"])
        #expect(filed.compactMap(\.reasonPath).map(\.lastComponent.text) == ["b.txt.reason.txt", "b.2.txt.reason.txt"])
        for one in filed { #expect(try FileSystem.status(one.resultPath) != nil) }
        for folder in ["outbox", "accepted", "rejected"] {
            #expect(try #require(try FileSystem.list(BytePath(tree.root + "/" + folder))).allSatisfy { !$0.isHidden })
        }
    }

    @Test("A file rolled back before filing writes nothing")
    func rolledBack() throws {
        let tree = try Tree()
        let claim = try tree.claim(Array("x".utf8), name: FileName("b.txt"), id: 7)
        #expect(tree.registry.rollBack().map(\.id) == [7])
        #expect(try FileSystem.status(BytePath(tree.root + "/inbox/b.txt")) != nil)
        guard case .failed = tree.disposer.process(claim) else {
            Issue.record("a rolled-back claim must not be filed")
            return
        }
        #expect(try FileSystem.list(BytePath(tree.root + "/outbox"))?.isEmpty == true)
    }

    @Test("The size limit holds before reading; the hash is of the whole file")
    func tooLarge() throws {
        let tree = try Tree(sizeLimit: 100)
        let bytes = [UInt8](repeating: 0x61, count: 5000)
        let claim = try tree.claim(bytes, name: FileName("big.txt"), id: 1)
        guard case .filed(let filed) = tree.disposer.process(claim) else { Issue.record("not filed"); return }
        #expect(filed.result.codes == [.tooLarge])
        #expect(filed.result.source.sha256 == SHA256.hex(bytes))
        #expect(filed.result.source.bytes == 5000)
    }
}
