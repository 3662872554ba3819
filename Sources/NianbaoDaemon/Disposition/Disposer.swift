import Glibc
import NianbaoCore
import NianbaoReaders
import Synchronization

/// Checks one claimed file and files it: the work done on the work queue.
///
/// The order of steps is what makes a crash at any instant harmless (see the article
/// *How a file moves through the daemon*):
///
/// 1. The file is in `processing/INBOX/` (claimed by an atomic rename).
/// 2. It is opened with `O_NOFOLLOW`, `fstat`ed, size-checked, read and checked. Nothing is written.
/// 3. The result goes to `outbox/SHA256-INODE.json`: a temporary file, synced, renamed, synced
///    (each sync a round of ``SyncBarrier`` shared with the other filing workers). The name depends
///    only on the content and the file's inode, which a rename keeps, so redoing step 3 after a
///    crash rewrites the same name with the same content.
/// 4. For a rejected file, `rejected/F.reason.txt` is written in the same rounds, `F` being the first
///    of `NAME`, `NAME.2`, … not present in `rejected/` (names that would pass 255 bytes are
///    shortened: ``variant(of:_:)``, ``reasonName(for:)``). The reason file reserves `F`: it is put
///    in place with `RENAME_NOREPLACE`, and a reason file already there that is another file's
///    (another daemon's, about to move its file to `F`) is kept while this file tries the next
///    name. A reason file left by a crash between 4 and 5 names this file's result, so the redo
///    recognises it as its own and takes `F` again.
/// 5. The file moves to `accepted/F` or `rejected/F` with `renameat2(RENAME_NOREPLACE)` (never
///    replacing an equal name), and the move is synced.
///
/// Until step 5 the file is in processing and a restart redoes it; step 5 is a single rename, so
/// the file is in exactly one folder at any instant, and it only reaches `accepted/` or `rejected/`
/// after its result is durable.
public final class Disposer: Sendable {
    /// The folders results and files go to.
    public struct Folders: Sendable {
        /// Where results go.
        public var outbox: BytePath
        /// Where accepted originals go.
        public var accepted: BytePath
        /// Where rejected originals and their reasons go.
        public var rejected: BytePath

        /// The three folders (absolute).
        public init(outbox: BytePath, accepted: BytePath, rejected: BytePath) {
            self.outbox = outbox
            self.accepted = accepted
            self.rejected = rejected
        }
    }

    private struct Settings {
        var checker: ReportChecker
        var pretty: Bool
    }

    private let folders: Folders
    private let settings: Mutex<Settings>
    private let registry: JobRegistry
    private let barriers: Barriers
    private let temporaryNumbers = Atomic<UInt64>(1)
    private let durability: Durability

    /// A disposer filing into `folders`, checking with `options`, reporting filing to `registry`,
    /// making each step durable as `durability` says.
    public convenience init(
        folders: Folders, options: CheckOptions, prettyResults: Bool, registry: JobRegistry,
        durability: Durability = .syncfs
    ) {
        self.init(folders: folders, options: options, prettyResults: prettyResults, registry: registry, durability: durability, syncCall: nil)
    }

    /// A disposer whose `syncfs` rounds call `syncCall` instead (tests count or fail rounds with it).
    init(
        folders: Folders, options: CheckOptions, prettyResults: Bool, registry: JobRegistry, durability: Durability,
        syncCall: (@Sendable (Int32) -> Int32)?
    ) {
        self.folders = folders
        self.durability = durability
        settings = Mutex(Settings(checker: ReportChecker(options: options, readers: NianbaoReaders.all), pretty: prettyResults))
        self.registry = registry
        barriers = Barriers(folders, syncCall: syncCall)
    }

    /// One ``SyncBarrier`` per file system: folders on the same one share it (and its rounds).
    private struct Barriers {
        let outbox: SyncBarrier
        let accepted: SyncBarrier
        let rejected: SyncBarrier

        init(_ folders: Folders, syncCall: (@Sendable (Int32) -> Int32)?) {
            var byDevice: [UInt64: SyncBarrier] = [:]
            func make(_ path: BytePath) -> SyncBarrier {
                syncCall.map { SyncBarrier(path: path, syncCall: $0) } ?? SyncBarrier(path: path)
            }
            func barrier(_ path: BytePath) -> SyncBarrier {
                // A folder not there yet gets its own barrier (it fails at its first sync, as it should).
                guard let device = (try? FileSystem.followingStatus(path))??.device else { return make(path) }
                if let shared = byDevice[device] { return shared }
                let made = make(path)
                byDevice[device] = made
                return made
            }
            outbox = barrier(folders.outbox)
            accepted = barrier(folders.accepted)
            rejected = barrier(folders.rejected)
        }
    }

    /// Replaces the check options (on reload; jobs already running keep the old ones).
    public func update(options: CheckOptions, prettyResults: Bool) {
        settings.withLock { $0 = Settings(checker: ReportChecker(options: options, readers: NianbaoReaders.all), pretty: prettyResults) }
    }

    /// A checked file, ready to be filed.
    public struct Checked: Sendable {
        /// The check's outcome.
        public var result: CheckResult
        /// The inode of the claimed file (part of the result's name).
        public var inode: UInt64
        /// Whether the result is written indented.
        public var pretty: Bool
    }

    /// Checks and files `claim` in one go (``checkClaim(_:)`` then ``file(_:_:)``). Blocking.
    public func process(_ claim: Claim) -> Disposition {
        switch checkClaim(claim) {
        case .success(let checked): file(claim, checked)
        case .failure(let error): .failed(error)
        }
    }

    /// Reads and checks a claimed file: CPU work, nothing written. Blocking: runs on the check queue.
    public func checkClaim(_ claim: Claim) -> Result<Checked, SystemError> {
        checkClaim(claim, refusing: nil)
    }

    /// ``checkClaim(_:)``, or with `failure`: the file is opened and hashed, not read as a report,
    /// and refused with `failure` (after the refusals every file gets: a link, not a regular file…).
    private func checkClaim(_ claim: Claim, refusing failure: ReadFailure?) -> Result<Checked, SystemError> {
        let current = settings.withLock { $0 }
        do {
            guard let status = try FileSystem.status(claim.processingPath) else {
                return .failure(SystemError("lstat", path: claim.processingPath, code: 2))
            }
            let result = try check(claim, status: status, checker: current.checker, refusing: failure)
            return .success(Checked(result: result, inode: status.inode, pretty: current.pretty))
        } catch let error as SystemError {
            return .failure(error)
        } catch {
            return .failure(SystemError("check", path: claim.processingPath, code: 5))
        }
    }

    /// Rejects a claimed file without checking it, because the daemon died `interruptions` times
    /// while checking it (``LeftoverAttempts``): the file is only opened and hashed.
    public func refuseUnfinished(_ claim: Claim, interruptions: Int) -> Result<Checked, SystemError> {
        checkClaim(
            claim,
            refusing: ReadFailure(
                code: .unreadable,
                zh: "检查此文件时，检查程序已\(interruptions)次意外中断（崩溃或无响应）。为不影响其他文件的处理，此文件不再检查，"
                    + "直接退回。文件本身未必有误：请联系系统管理员，由其将此文件交维护人员排查；问题解决后把文件重新放入收件箱即可再次检查。",
                en: "The checker stopped unexpectedly (crashed or hung) \(interruptions) times while checking this file, so it is "
                    + "rejected unchecked to keep other files moving. The file itself may be fine: ask the administrator to pass it "
                    + "to the maintainers, and put it in the inbox again once the fault is fixed."))
    }

    /// Writes the result and moves the file (steps 3–5 above), unless the claim was rolled back
    /// meanwhile: ``file(_:)`` with a batch of one. Blocking I/O with syncs.
    public func file(_ claim: Claim, _ checked: Checked) -> Disposition {
        file([(claim, checked)])[0]
    }

    /// Files a batch of checked files together (steps 3–5 above for each), the dispositions in the
    /// batch's order. Blocking I/O with syncs: runs on the filing line, so checking never waits for
    /// a disk.
    ///
    /// Group commit: each step is done for every file of the batch, then made durable once (one
    /// `syncfs` round per file system, or one `fsync` per folder), so a batch of 20 costs three
    /// rounds instead of sixty. Each file still goes through the steps in the same order, so a crash
    /// leaves every file where filing one file at a time would. A file whose name turns out to be
    /// taken (an equal name earlier in the batch, another daemon's reason file, a file put there by
    /// hand) is filed on its own afterwards by the one-file path, which picks the next free name;
    /// redoing its result is harmless (same name, same content).
    public func file(_ batch: [(claim: Claim, checked: Checked)]) -> [Disposition] {
        var outcomes = [Disposition?](repeating: nil, count: batch.count)
        var items: [BatchItem] = []
        for (index, entry) in batch.enumerated() {
            guard registry.beginFiling(entry.claim.id) else {
                outcomes[index] = .rolledBack
                continue
            }
            do {
                items.append(try prepare(entry.claim, entry.checked, index: index))
            } catch {
                outcomes[index] = .failed(error)
            }
        }
        var alone: [BatchItem] = []
        do {
            // Steps 3 and 4: every result and reason written to a temporary file, one round.
            try durably(barriers(of: items, results: true), folders: []) { () throws(SystemError) in
                for index in items.indices {
                    do throws(SystemError) {
                        for file in items[index].files(for: items[index].filedName, outbox: folders.outbox) {
                            items[index].written.append((try writeTemporary(file.bytes, in: file.folder), file))
                        }
                    } catch {
                        removeTemporaries(of: items[index])
                        outcomes[items[index].index] = .failed(error)
                        items[index].done = true
                    }
                }
            }
        } catch {
            for item in items where !item.done {
                removeTemporaries(of: item)
                outcomes[item.index] = .failed(error)
            }
            return outcomes.map { $0! }
        }
        items.removeAll { $0.done }
        do {
            // ...renamed to their names, one round.
            try durably(barriers(of: items, results: true), folders: folders(of: items, results: true)) { () throws(SystemError) in
                for index in items.indices {
                    do throws(SystemError) {
                        if try !place(&items[index].written) {
                            alone.append(items[index])
                            items[index].done = true
                        }
                    } catch {
                        removeTemporaries(of: items[index])
                        outcomes[items[index].index] = .failed(error)
                        items[index].done = true
                    }
                }
            }
        } catch {
            for item in items where !item.done { outcomes[item.index] = .failed(error) }
            return outcomes.map { $0 ?? .failed(error) }
        }
        items.removeAll { $0.done }
        do {
            // Step 5: the moves, never replacing an equal name, one round.
            try durably(barriers(of: items, results: false), folders: folders(of: items, results: false)) { () throws(SystemError) in
                for index in items.indices {
                    let item = items[index]
                    let filedPath = item.target.appending(item.filedName)
                    do throws(SystemError) {
                        let moved = try FileSystem.move(item.claim.processingPath, to: filedPath)
                        if case .moved = moved {
                            outcomes[item.index] = .filed(Disposition.Filed(
                                result: item.checked.result, filedPath: filedPath, resultPath: item.resultPath,
                                reasonPath: item.reasonPath(for: item.filedName)))
                            continue
                        }
                        // Not moved: the name was taken since it was chosen, or the file is gone
                        // from processing (removed by hand). Either way the reason written for the
                        // name is this file's own: withdrawn (in this round), so no reason stands
                        // without its file.
                        if let reasonPath = item.reasonPath(for: item.filedName) { try FileSystem.remove(reasonPath) }
                        guard case .targetExists = moved else {
                            throw SystemError("rename", path: item.claim.processingPath, code: ENOENT)
                        }
                        // Taken: filed alone, under the next free name.
                        alone.append(item)
                        items[index].done = true
                    } catch {
                        outcomes[item.index] = .failed(error)
                        items[index].done = true
                    }
                }
            }
        } catch {
            // Moved, but the move may not be durable: reported as failed (the file is no longer in
            // processing, so it is not retried).
            for item in items where !item.done { outcomes[item.index] = .failed(error) }
            for item in alone { outcomes[item.index] = .failed(error) }
            return outcomes.map { $0 ?? .failed(error) }
        }
        for item in alone {
            do {
                outcomes[item.index] = .filed(try fileAlone(item))
            } catch {
                outcomes[item.index] = .failed(error)
            }
        }
        return outcomes.map { $0! }
    }

    /// A file of a batch being filed, between the steps.
    private struct BatchItem {
        /// Its place in the batch.
        let index: Int
        let claim: Claim
        let checked: Checked
        let resultPath: BytePath
        let rejected: Bool
        let target: BytePath
        /// Whose a reason file is: the line naming this file's result (``ReasonText/resultLine(_:)``).
        let ownMarker: [UInt8]
        /// The name it is filed under (for a rejected file, reserved by its reason file).
        let filedName: FileName
        /// The result, as written.
        let json: [UInt8]
        /// For a rejected file, its reason, as written.
        let reasonText: [UInt8]?
        /// The temporary files written, not yet renamed.
        var written: [(temporary: BytePath, file: DurableFile)] = []
        /// Done with (failed, or left to the one-file path): out of the later steps.
        var done = false

        /// Where the reason file for the name `filed` goes (`nil` for an accepted file).
        func reasonPath(for filed: FileName) -> BytePath? {
            rejected ? target.appending(Disposer.reasonName(for: filed)) : nil
        }

        /// The reason file for the name `filed` (`nil` for an accepted file).
        func reason(for filed: FileName) -> DurableFile? {
            guard let reasonText, let path = reasonPath(for: filed) else { return nil }
            return DurableFile(bytes: reasonText, path: path, folder: target, ownMarker: ownMarker)
        }

        /// What steps 3 and 4 write when the file is filed as `filed`: the result, then the reason.
        func files(for filed: FileName, outbox: BytePath) -> [DurableFile] {
            [DurableFile(bytes: json, path: resultPath, folder: outbox)] + (reason(for: filed).map { [$0] } ?? [])
        }
    }

    /// What filing `claim` writes and where, with the first free name.
    private func prepare(_ claim: Claim, _ checked: Checked, index: Int) throws(SystemError) -> BatchItem {
        let result = checked.result
        let resultPath = folders.outbox.appending(FileName("\(result.source.sha256)-\(String(checked.inode, radix: 16)).json"))
        var json = result.jsonBytes(pretty: checked.pretty)
        json.append(0x0A)
        let rejected = result.verdict == .rejected
        let target = rejected ? folders.rejected : folders.accepted
        let ownMarker = Array(ReasonText.resultLine(resultPath).utf8)
        var attempt = 1
        let filedName = try freeName(for: claim.name, in: target, rejected: rejected, ownMarker: ownMarker, attempt: &attempt)
        let reasonText = rejected
            ? Array(ReasonText.render(result, name: claim.name, inbox: claim.inbox, resultPath: resultPath).utf8) : nil
        return BatchItem(
            index: index, claim: claim, checked: checked, resultPath: resultPath, rejected: rejected, target: target,
            ownMarker: ownMarker, filedName: filedName, json: json, reasonText: reasonText)
    }

    /// Renames written temporary files to their paths, taking each off `written` once placed.
    /// A file with an ``DurableFile/ownMarker`` never replaces another's file at its path: its
    /// temporary is removed instead.
    /// - Returns: `false` when that happened (the file must take another name); `true` when every
    ///   file is in place.
    private func place(_ written: inout [(temporary: BytePath, file: DurableFile)]) throws(SystemError) -> Bool {
        var placed = true
        while let next = written.first {
            if let marker = next.file.ownMarker {
                switch try FileSystem.move(next.temporary, to: next.file.path) {
                case .moved: break
                case .targetExists:
                    if Self.holds(next.file.path, marker) {
                        try FileSystem.replace(next.temporary, with: next.file.path)
                    } else {
                        try FileSystem.remove(next.temporary)
                        placed = false
                    }
                case .sourceMissing: throw SystemError("rename", path: next.temporary, code: ENOENT)
                }
            } else {
                try FileSystem.replace(next.temporary, with: next.file.path)
            }
            written.removeFirst()
        }
        return placed
    }

    private func removeTemporaries(of item: BatchItem) {
        for leftover in item.written { try? FileSystem.remove(leftover.temporary) }
    }

    /// The barriers of the folders a step changes for `items`: the outbox and, for rejected files,
    /// the rejected folder when writing results and reasons (`results`); the targets when moving.
    private func barriers(of items: [BatchItem], results: Bool) -> [SyncBarrier] {
        var involved: [SyncBarrier] = []
        if results && !items.isEmpty { involved.append(barriers.outbox) }
        if items.contains(where: \.rejected) { involved.append(barriers.rejected) }
        if !results && items.contains(where: { !$0.rejected }) { involved.append(barriers.accepted) }
        return involved
    }

    /// The folders whose entries a step changes for `items` (synced one by one with `fsync`):
    /// the folders results and reasons go to (`results`), or the targets and processing folders.
    private func folders(of items: [BatchItem], results: Bool) -> [BytePath] {
        var changed: [BytePath] = []
        for item in items {
            let touched = results ? [folders.outbox] + (item.rejected ? [item.target] : []) : [item.target, item.claim.processingPath.parent]
            for folder in touched where !changed.contains(folder) { changed.append(folder) }
        }
        return changed
    }

    private func check(_ claim: Claim, status: FileSystem.Status, checker: ReportChecker, refusing failure: ReadFailure?) throws
        -> CheckResult
    {
        let inbox = claim.inboxPath?.text
        let name = claim.name.text
        let opened: OpenedFile
        do {
            opened = try OpenedFile(claim.processingPath)
        } catch OpenedFile.Refusal.symbolicLink {
            return checker.refused(
                source: SourceInfo(name: name, inbox: inbox, sha256: SHA256.hex(claim.name.bytes), bytes: 0, kind: nil, encoding: nil),
                failure: ReadFailure(
                    code: .unsupportedType,
                    zh: "这是一个符号链接（快捷方式），出于安全考虑不会跟随读取。请把报告文件本身（而不是链接）放入收件箱。",
                    en: "This is a symbolic link, which is not followed for safety. Put the report file itself, "
                        + "not a link, into the inbox."))
        } catch OpenedFile.Refusal.notRegular(let kind) {
            return checker.refused(
                source: SourceInfo(name: name, inbox: inbox, sha256: SHA256.hex([UInt8]()), bytes: 0, kind: nil, encoding: nil),
                failure: ReadFailure(
                    code: .unsupportedType,
                    zh: "这是一个\(kind)，不是普通文件，不予读取。请提交报告文件本身（.docx、PDF、网页或文本文件）。",
                    en: "This is not a regular file. Submit the report file itself (.docx, PDF, web page or text)."))
        } catch OpenedFile.Refusal.permissionDenied {
            return checker.refused(
                source: SourceInfo(name: name, inbox: inbox, sha256: SHA256.hex([UInt8]()), bytes: status.size, kind: nil, encoding: nil),
                failure: ReadFailure(
                    code: .unreadable,
                    zh: "检查程序没有读取此文件的权限。请确认文件权限允许读取（例如通过共享文件夹重新复制一份）后重新提交。",
                    en: "The checker may not read this file. Make it readable (for example copy it again through the "
                        + "shared folder) and submit it again."))
        }
        /// The file hashed without being read into memory, and refused with the failure made from its size.
        func refuseUnread(_ failure: (_ size: Int) -> ReadFailure) throws -> CheckResult {
            let (sha, size) = try opened.streamedHash()
            return checker.refused(
                source: SourceInfo(name: name, inbox: inbox, sha256: sha, bytes: size, kind: nil, encoding: nil), failure: failure(size))
        }
        if let failure { return try refuseUnread { _ in failure } }
        let limit = checker.options.sizeLimit
        if opened.status.size > limit { return try refuseUnread { ReportChecker.tooLargeFailure(size: $0, limit: limit) } }
        let bytes = try opened.readAll(limit: limit)
        // Grown past the limit since its size was read.
        if bytes.count > limit { return try refuseUnread { ReportChecker.tooLargeFailure(size: $0, limit: limit) } }
        FaultInjection.strikeIfChecking(name)
        return checker.check(bytes: bytes, name: name, inbox: inbox)
    }

    /// Files one prepared item on its own (steps 3–5, each made durable before the next), choosing
    /// its name afresh from the first variant on: for a file of a batch whose name turned out to be
    /// taken.
    private func fileAlone(_ item: BatchItem) throws(SystemError) -> Disposition.Filed {
        let claim = item.claim
        let target = item.target
        let rejected = item.rejected
        let targetBarrier = rejected ? barriers.rejected : barriers.accepted
        var attempt = 1
        var filedName = try freeName(for: claim.name, in: target, rejected: rejected, ownMarker: item.ownMarker, attempt: &attempt)
        /// The next free name (from `attempt` on); for a rejected file, with its reason file in place
        /// (the reason reserves the name: another daemon that took it meanwhile keeps it).
        func nextName() throws(SystemError) -> FileName {
            while true {
                let name = try freeName(for: claim.name, in: target, rejected: rejected, ownMarker: item.ownMarker, attempt: &attempt)
                if !rejected { return name }
                if try writeDurably([item.reason(for: name)!], barriers: [targetBarrier]) { return name }
            }
        }
        // Steps 3 and 4 together: the temporary files written and synced, then renamed and synced.
        if try !writeDurably(item.files(for: filedName, outbox: folders.outbox), barriers: [barriers.outbox] + (rejected ? [targetBarrier] : [])) {
            filedName = try nextName()
        }
        // Step 5: the move, never replacing an equal name.
        while true {
            let filedPath = target.appending(filedName)
            let moved = try durably([targetBarrier], folders: [target, claim.processingPath.parent]) { () throws(SystemError) in
                try FileSystem.move(claim.processingPath, to: filedPath)
            }
            if case .moved = moved {
                return Disposition.Filed(
                    result: item.checked.result, filedPath: filedPath, resultPath: item.resultPath, reasonPath: item.reasonPath(for: filedName))
            }
            // Not moved: the name was taken since it was chosen (a file put there by hand, or another
            // daemon's accepted file), or the file is gone from processing (removed by hand). Either
            // way the reason written for that name is this file's own: withdrawn.
            if let stale = item.reasonPath(for: filedName) {
                try durably([targetBarrier], folders: [target]) { () throws(SystemError) in try FileSystem.remove(stale) }
            }
            guard case .targetExists = moved else { throw SystemError("rename", path: claim.processingPath, code: ENOENT) }
            filedName = try nextName()
        }
    }

    /// The name a file is filed under, from `attempt` on. An accepted file takes the variant as it
    /// is, since the move itself refuses a name that exists. For a rejected file, the first variant
    /// `F` absent from the folder whose `F.reason.txt` is absent too or this file's own (left by a
    /// crash before the move: one of its lines is `ownMarker`); a reason file that is another's means
    /// another daemon has reserved `F` and is about to move its file there.
    private func freeName(for name: FileName, in folder: BytePath, rejected: Bool, ownMarker: [UInt8], attempt: inout Int)
        throws(SystemError) -> FileName
    {
        while true {
            let candidate = Self.variant(of: name, attempt)
            attempt += 1
            if !rejected { return candidate }
            guard try FileSystem.status(folder.appending(candidate)) == nil else { continue }
            let reasonPath = folder.appending(Self.reasonName(for: candidate))
            if try FileSystem.status(reasonPath) == nil || Self.holds(reasonPath, ownMarker) { return candidate }
        }
    }

    /// Whether one of the lines of the file at `path` is `line` (`false` when it cannot be read).
    private static func holds(_ path: BytePath, _ line: [UInt8]) -> Bool {
        guard let bytes = try? OpenedFile(path).readAll(limit: 1 << 20) else { return false }
        return bytes.split(separator: UInt8(ascii: "\n")).contains { $0.elementsEqual(line) }
    }

    /// Runs `work` (writes or renames) and returns once all of it is on disk: with `syncfs`, one
    /// round of group commit on each file system involved; with `fsync`, an `fsync` of each of
    /// `folders` (the folders whose entries `work` changed).
    private func durably<T>(_ involved: [SyncBarrier], folders: [BytePath], _ work: () throws(SystemError) -> T)
        throws(SystemError) -> T
    {
        if durability == .fsync {
            let value = try work()
            var synced: [BytePath] = []
            for folder in folders where !synced.contains(folder) {
                try FileSystem.syncFolder(folder)
                synced.append(folder)
            }
            return value
        }
        var distinct: [SyncBarrier] = []
        for barrier in involved where !distinct.contains(where: { $0 === barrier }) { distinct.append(barrier) }
        let tokens = distinct.map { $0.begin() }
        let value = try work()
        for (barrier, token) in zip(distinct, tokens) { try barrier.sync(since: token) }
        return value
    }

    /// The longest file name Linux file systems take (`NAME_MAX`), in bytes.
    static let nameLimit = 255
    private static let reasonSuffix = Array(".reason.txt".utf8)

    /// `NAME` for the first attempt, then `STEM.2.EXT`, `STEM.3.EXT`… (the extension kept last so
    /// the file still opens with the right program). When `STEM.N.EXT` would be longer than
    /// ``nameLimit``, the stem is shortened at a character boundary.
    static func variant(of name: FileName, _ attempt: Int) -> FileName {
        guard attempt > 1 else { return name }
        var stem = name.bytes[...]
        var tail = Array(".\(attempt)".utf8)
        // An extension is the part after the last dot, if short (a dot deep in a long name is not one).
        if let dot = name.bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, name.bytes.count - dot <= 32 {
            stem = name.bytes[..<dot]
            tail += name.bytes[dot...]
        }
        return FileName(bytes: shortened(stem, to: nameLimit - tail.count) + tail)
    }

    /// The reason file's name for a file filed as `filed`: `F.reason.txt`. When that would be longer
    /// than ``nameLimit``, the start of `F`, `~` and 8 hex digits of F's SHA-256: still one name per
    /// file (two long names that begin alike get different digits), and the same name on a redo.
    static func reasonName(for filed: FileName) -> FileName {
        if filed.bytes.count + reasonSuffix.count <= nameLimit { return FileName(bytes: filed.bytes + reasonSuffix) }
        let digest = Array("~".utf8) + Array(SHA256.hex(filed.bytes).prefix(8).utf8)
        let kept = shortened(filed.bytes[...], to: nameLimit - reasonSuffix.count - digest.count)
        return FileName(bytes: kept + digest + reasonSuffix)
    }

    /// At most `limit` bytes of `bytes`, not cutting a UTF-8 sequence in two.
    private static func shortened(_ bytes: ArraySlice<UInt8>, to limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return Array(bytes) }
        var end = bytes.startIndex + max(limit, 0)
        while end > bytes.startIndex && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }

    /// Writes `bytes` to a new temporary file in `folder`, not synced, and returns its path.
    private func writeTemporary(_ bytes: [UInt8], in folder: BytePath) throws(SystemError) -> BytePath {
        // Numbered, not named after the target: a 255-byte target name leaves no room for a prefix.
        let number = temporaryNumbers.add(1, ordering: .relaxed).oldValue
        let temporary = folder.appending(
            FileName(bytes: Self.temporaryPrefix + Array("\(SystemInfo.processID)-\(number)".utf8)))
        do {
            do {
                try FileSystem.writeNew(temporary, bytes, syncing: durability == .fsync)
            } catch where error.code == EEXIST {
                // Left by an earlier process that had the same PID. Not removed up front: an unlink
                // takes the folder's lock, which every filing thread would then wait for.
                try FileSystem.remove(temporary)
                try FileSystem.writeNew(temporary, bytes, syncing: durability == .fsync)
            }
        } catch {
            try? FileSystem.remove(temporary)
            throw error
        }
        return temporary
    }

    /// A file to write durably: its content, its final path and the folder it goes in.
    private struct DurableFile {
        var bytes: [UInt8]
        var path: BytePath
        var folder: BytePath
        /// For a file that must not replace another's (a reason file): the line that marks a file
        /// at `path` as this one's own, which it may replace. `nil`: the path is this file's alone.
        var ownMarker: [UInt8]? = nil
    }

    /// Writes each file through a temporary file in its folder: all written, one round of
    /// `barriers`; all renamed to their paths, another round.
    /// - Returns: `false` when a file with an ``DurableFile/ownMarker`` found another's file at its
    ///   path (that file is kept, this one dropped); `true` when every file is in place.
    private func writeDurably(_ files: [DurableFile], barriers: [SyncBarrier]) throws(SystemError) -> Bool {
        var written: [(temporary: BytePath, file: DurableFile)] = []
        var placed = true
        do {
            // With `fsync`, each temporary file is synced as it is written.
            try durably(barriers, folders: []) { () throws(SystemError) in
                for file in files { written.append((try writeTemporary(file.bytes, in: file.folder), file)) }
            }
            try durably(barriers, folders: files.map(\.folder)) { () throws(SystemError) in
                placed = try place(&written)
            }
        } catch {
            // A full disk leaves a partial temporary file: give its blocks back at once.
            for leftover in written { try? FileSystem.remove(leftover.temporary) }
            throw error
        }
        return placed
    }

    /// How the names of temporary files begin: `.tmp-PID-N`.
    static let temporaryPrefix = Array(".tmp-".utf8)

    /// Removes temporary files older than `age` seconds from the outbox and the rejected folder: what
    /// a process killed between writing and renaming left behind (the redo writes a new one).
    ///
    /// Only old ones: another daemon sharing the folders may be writing its own right now, and a
    /// temporary file lives for milliseconds.
    /// - Returns: How many were removed.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: Double) -> Int {
        let cutoff = SystemInfo.wallNanoseconds() - Int64(age * 1e9)
        var removed = 0
        for folder in [folders.outbox, folders.rejected] {
            guard let names = try? FileSystem.list(folder) else { continue }
            for name in names where name.bytes.starts(with: Self.temporaryPrefix) {
                let path = folder.appending(name)
                guard let status = (try? FileSystem.status(path)) ?? nil, status.isRegular,
                    status.modified < cutoff
                else { continue }
                if (try? FileSystem.remove(path)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
