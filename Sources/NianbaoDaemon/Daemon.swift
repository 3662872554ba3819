import Foundation
import Logging
import NianbaoCore
import NianbaoJournal
import NianbaoMail
import Synchronization

/// The long-running service: watches the inboxes, claims new files, checks them on the work queue
/// and files them with their results.
///
/// ``run()`` returns after a graceful stop (``requestStop()``, on SIGTERM): intake stops at once,
/// files being checked get `shutdown_timeout` seconds to finish, then those still checking are
/// moved back to their inbox. ``requestReload()`` (SIGHUP) re-reads the configuration file without
/// losing a file: removed inboxes are no longer watched (their claimed files finish), added ones
/// are watched and scanned.
public final class Daemon: Sendable {
    let initialConfiguration: DaemonConfiguration
    let events: EventLog
    let notifier: SystemdNotifier
    let mail: MailNotifier
    let inotify: Inotify
    let dirty = DirtyPaths()
    let reader: InotifyReader
    /// Claims in flight (checking, waiting to be filed, or filing): intake's back-pressure.
    let admission: Admission
    /// Checking: CPU work, `concurrency` at once.
    let queue: WorkQueue
    /// Filing: disk-bound I/O, on its own threads so checking never waits for the disk, in batches
    /// that share their syncs (group commit).
    let filing: FilingLine
    /// Checked files that may wait to be filed, and the largest batch (a waiting file holds its
    /// result, not its bytes). While a batch's three `syncfs` run, the checkers go on; with too few
    /// slots they stop for want of claims (against 32, 128 filed 21–35 % more files per second in
    /// three of four paired runs of `nianbao-daemon-bench` and 5 % fewer in the fourth, with less
    /// kernel time per file).
    static let filingSlots = 128
    /// Filing threads. With `syncfs`, one: it files a batch while the next gathers (measured
    /// against two, which shared `syncfs` rounds through ``SyncBarrier``: one made about half the
    /// context switches and two thirds of the `syncfs` calls per file, and filed 11–14 % more files
    /// per second in paired runs).
    /// With `fsync`, each file's syncs are its own, and many threads keep the disk busy.
    static func filingLines(_ durability: Durability) -> Int { durability == .fsync ? 32 : 1 }
    let registry = JobRegistry()
    let disposer: Disposer
    private let stopRequested = Atomic<Bool>(false)
    private let reloadRequested = Atomic<Bool>(false)
    private let nextClaimID = Atomic<UInt64>(1)
    /// The ``ClaimLock`` descriptor of each claim in progress, by claim id.
    private let claimLocks = Mutex<[UInt64: Int32]>([:])
    private let counters = Mutex(Counters())
    /// Attempts at leftovers, so that a file that kills the daemon does not kill every restart.
    let leftoverAttempts: LeftoverAttempts
    /// The leftover being checked (leftovers are checked one at a time), by claim id, with the
    /// name of its attempt record and when it was launched.
    private let leftoverInFlight = Mutex<(claim: UInt64, record: FileName?, launched: Double)?>(nil)
    /// Seconds after which the next leftover is launched even though the one before has not
    /// finished. Under systemd a hung check stops the watchdog pings and the daemon is restarted
    /// first; without a watchdog (run by hand) a hang must not hold the leftovers back for ever.
    static let leftoverPatience = 60.0

    private struct Counters {
        var day = ""
        var accepted = 0
        var rejected = 0
        var failed = 0
    }

    /// Prepares the daemon; nothing is watched or claimed until ``run()``.
    /// - Throws: ``SystemError`` when inotify cannot be set up.
    public init(
        configuration: DaemonConfiguration, logger: Logger, notifier: SystemdNotifier, mail: MailNotifier
    ) throws(SystemError) {
        initialConfiguration = configuration
        leftoverAttempts = LeftoverAttempts(folder: BytePath(configuration.state + "/leftovers"))
        events = EventLog(logger: logger)
        self.notifier = notifier
        self.mail = mail
        inotify = try Inotify()
        reader = InotifyReader(inotify: inotify, dirty: dirty)
        queue = WorkQueue(concurrency: configuration.concurrency, label: "nianbaod.check")
        filing = FilingLine(lines: Self.filingLines(configuration.durability), maximumBatch: Self.filingSlots)
        admission = Admission(limit: 4 * configuration.concurrency + 2 + Self.filingSlots)
        disposer = Disposer(
            folders: Disposer.Folders(
                outbox: BytePath(configuration.outbox), accepted: BytePath(configuration.accepted),
                rejected: BytePath(configuration.rejected)),
            options: configuration.check, prettyResults: configuration.prettyResults, registry: registry,
            durability: configuration.durability)
    }

    /// Asks for a graceful stop (SIGTERM, SIGINT).
    public func requestStop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        dirty.wake()
    }

    /// Asks for the configuration to be read again (SIGHUP).
    public func requestReload() {
        reloadRequested.store(true, ordering: .sequentiallyConsistent)
        dirty.wake()
    }

    /// Runs until a stop is requested and in-flight work is finished or rolled back.
    /// - Throws: ``SystemError`` when the folders cannot be created at start-up.
    public func run() async throws {
        let configuration = initialConfiguration
        let started = SystemInfo.monotonic()
        for folder in [configuration.processing, configuration.outbox, configuration.accepted, configuration.rejected,
                       configuration.state]
        {
            try FileSystem.makeDirectories(BytePath(folder))
        }
        if let mismatch = try FolderLayout.crossDevice(configuration) {
            events.internalError(mismatch.zh)
            throw mismatch
        }
        let staleTemporaryFiles = disposer.removeStaleTemporaryFiles(olderThan: 3600)
        events.event(
            .startup,
            "nianbaod启动：\(configuration.inboxes.count)个收件箱（\(configuration.inboxes.map(\.name).joined(separator: "、"))），"
                + "并发\(queue.concurrency)，配置文件\(configuration.sourcePath ?? "（默认）")。")
        mail.start()
        reader.start()
        let ticker = Task { [dirty] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                dirty.wake()
            }
        }
        defer { ticker.cancel() }

        let intake = Intake(daemon: self, configuration: configuration)
        let now = SystemInfo.monotonic()
        recoverLeftovers(configuration: configuration)
        for inbox in configuration.inboxes {
            if SystemInfo.monotonic() - started > 2 { notifier.extendTimeout(seconds: 60) }
            intake.open(inbox, now: now)
        }
        let status = statusLine(inboxes: configuration.inboxes.count, waiting: intake.candidates.count)
        notifier.ready(status: status)
        events.event(
            .ready,
            "nianbaod就绪：正在监视\(configuration.inboxes.count)个收件箱，启动扫描发现\(intake.candidates.count)个待处理文件，"
                + "处理中文件夹遗留\(registry.count + pendingLeftovers.withLock { $0.count })个"
                + (staleTemporaryFiles > 0 ? "，清除了\(staleTemporaryFiles)个中断遗留的临时文件。" : "。"))

        var nextAdoption = now + configuration.rescanInterval
        for await _ in dirty.signals {
            let now = SystemInfo.monotonic()
            if stopRequested.load(ordering: .sequentiallyConsistent) { break }
            if reloadRequested.exchange(false, ordering: .sequentiallyConsistent) { reload(intake, now: now) }
            intake.merge(dirty.take(), now: now)
            intake.timers(now: now)
            if nextAdoption <= now {
                adoptAbandoned(configuration: intake.configuration)
                nextAdoption = now + intake.configuration.rescanInterval
            }
            launchLeftovers(now: now)
            intake.claimDue(now: now)
        }
        await shutdown(timeout: intake.configuration.shutdownTimeout)
    }

    // MARK: - Leftovers

    /// A file in `processing/INBOX/` to process again, with its inbox (`inboxPath` `nil` when that
    /// inbox is no longer configured).
    private typealias Leftover = (name: FileName, inbox: String, inboxPath: BytePath?, path: BytePath)
    private let pendingLeftovers = Mutex<[Leftover]>([])
    private let retries = Mutex(RetrySchedule())

    /// Files left in `processing/INBOX/` by a crash or a rolled-back stop are processed again.
    private func recoverLeftovers(configuration: DaemonConfiguration) {
        let found = leftovers(configuration: configuration)
        let records = found.compactMap { item in (try? FileSystem.status(item.path)).flatMap { $0 }.map(LeftoverAttempts.recordName) }
        leftoverAttempts.prune(keeping: Set(records))
        pendingLeftovers.withLock { $0 = found.reversed() }
    }

    /// At each safety rescan: files in processing that no running daemon holds, left by a daemon
    /// sharing the folders that died and was not restarted, are taken over. This daemon's own
    /// files (in progress, waiting for a retry or for their turn) are not looked at.
    private func adoptAbandoned(configuration: DaemonConfiguration) {
        let pending = Set(pendingLeftovers.withLock { $0.map(\.path) })
        var adopted: [Leftover] = []
        for item in leftovers(configuration: configuration)
        where !pending.contains(item.path) && !registry.isProcessing(item.path)
            && !retries.withLock({ $0.isWaiting(item.path) })
        {
            // Only a file that can be locked is abandoned; it is locked again when launched.
            guard case .locked(let descriptor) = ClaimLock.acquire(item.path) else { continue }
            ClaimLock.release(descriptor)
            adopted.append(item)
        }
        if !adopted.isEmpty {
            pendingLeftovers.withLock { $0.insert(contentsOf: adopted.reversed(), at: 0) }
            dirty.wake()
        }
    }

    /// The files in `processing/*/`, in name order, without temporary files.
    private func leftovers(configuration: DaemonConfiguration) -> [Leftover] {
        let processing = BytePath(configuration.processing)
        guard let folders = try? FileSystem.list(processing) else { return [] }
        var found: [Leftover] = []
        for folder in folders.sorted() {
            let inboxName = folder.text
            let inboxFolder = processing.appending(folder)
            guard (try? FileSystem.status(inboxFolder))??.isDirectory == true,
                let names = try? FileSystem.list(inboxFolder)
            else { continue }
            let inboxPath = configuration.inboxes.first { $0.name == inboxName }.map { BytePath($0.path) }
            for name in names.sorted() {
                if name.bytes.starts(with: Disposer.temporaryPrefix) { continue }
                found.append((name, inboxName, inboxPath, inboxFolder.appending(name)))
            }
        }
        return found
    }

    /// Launches leftovers from the start (one at a time: ``LeftoverAttempts``), then failed files
    /// whose retry is due.
    private func launchLeftovers(now: Double) {
        while true {
            guard admission.tryReserve() else { return }
            if leftoverInFlight.withLock({ $0.map { now - $0.launched > Self.leftoverPatience } ?? true }),
                let next = pendingLeftovers.withLock({ $0.popLast() }) {
                // A file another daemon sharing the folder has claimed is locked: its own.
                guard case .launch(let lock) = lockLeftover(next.path) else { continue }
                launch(
                    claimOf: next.name, inbox: next.inbox, inboxPath: next.inboxPath, processingPath: next.path, lock: lock,
                    leftover: true)
            } else if let due = retries.withLock({ $0.popDue(now: now) }) {
                guard case .launch(let lock) = lockLeftover(due.processingPath) else {
                    retries.withLock { $0.forget(due.processingPath) }
                    continue
                }
                launch(claimOf: due.name, inbox: due.inbox, inboxPath: due.inboxPath, processingPath: due.processingPath, lock: lock)
            } else {
                admission.release()
                return
            }
        }
    }

    /// What to do with a file in processing about to be processed again (``lockLeftover(_:)``).
    private enum LeftoverLock {
        /// Process it, holding `lock` until it is filed; `nil` when the file cannot be locked (a
        /// symbolic link, unreadable), which is processed without a lock and refused as usual.
        case launch(lock: Int32?)
        /// Another daemon holds it or has filed it meanwhile: skip it.
        case skip
    }

    /// Locks a file in processing about to be processed again; gives its admission slot back when
    /// it is to be skipped.
    private func lockLeftover(_ path: BytePath) -> LeftoverLock {
        switch ClaimLock.acquire(path) {
        case .locked(let descriptor):
            // Opened just before its daemon filed it and unlocked it: that file is elsewhere now.
            if ClaimLock.isFile(descriptor, at: path) { return .launch(lock: descriptor) }
            ClaimLock.release(descriptor)
        case .unavailable: return .launch(lock: nil)
        case .heldElsewhere, .missing: break
        }
        admission.release()
        return .skip
    }

    // MARK: - Jobs

    /// Starts the job for a file just moved into the processing folder (an admission slot is
    /// already taken; it is given back when the file is filed).
    /// - Parameters:
    ///   - lock: the ``ClaimLock`` descriptor held on the file, released when it is filed.
    ///   - leftover: the file was in processing when a daemon stopped: the attempt is recorded, and
    ///     a file whose checks have ended with the daemon's death too often is rejected unchecked.
    func launch(
        claimOf name: FileName, inbox: String, inboxPath: BytePath?, processingPath: BytePath, lock: Int32?,
        leftover: Bool = false
    ) {
        let claim = Claim(
            id: nextClaimID.add(1, ordering: .relaxed).oldValue, inbox: inbox, inboxPath: inboxPath, name: name,
            processingPath: processingPath, claimedAt: SystemInfo.monotonic())
        if let lock { claimLocks.withLock { $0[claim.id] = lock } }
        var interrupted: Int?
        if leftover {
            let begun = lock.flatMap { leftoverAttempts.begin(descriptor: $0) }
            leftoverInFlight.withLock { $0 = (claim.id, begun?.record, claim.claimedAt) }
            if let begun, begun.before >= LeftoverAttempts.limit {
                // The daemon died during the first check and during each attempt since.
                interrupted = begun.before + 1
                events.internalError(
                    "检查\(EventLog.oneLine(name.text))时nianbaod已\(begun.before + 1)次意外中断（崩溃或无响应），"
                        + "该文件不再检查，直接退回，以免影响其他文件。请将此文件交维护人员排查。",
                    inbox: inbox)
            }
        }
        registry.add(claim)
        // Each step hands the next to its queue from its own thread.
        queue.submit { [self, interrupted] in
            let checked = interrupted.map { disposer.refuseUnfinished(claim, interruptions: $0) } ?? disposer.checkClaim(claim)
            switch checked {
            case .success(let checked): filing.submit((claim, checked)) { [self] batch in fileBatch(batch) }
            case .failure(let error): finish(claim, .failed(error))
            }
        }
    }

    /// Files a batch of checked files and ends each job.
    private func fileBatch(_ batch: [FilingLine.Entry]) {
        for (entry, disposition) in zip(batch, disposer.file(batch)) { finish(entry.claim, disposition, wakingIntake: false) }
        // Intake claims as many files as the batch freed slots for, in one go.
        dirty.wake()
    }

    /// The end of a job: its admission slot given back, its disposition reported, intake woken
    /// to claim the next file (unless the caller wakes it once for several jobs).
    private func finish(_ claim: Claim, _ disposition: Disposition, wakingIntake: Bool = true) {
        if let lock = claimLocks.withLock({ $0.removeValue(forKey: claim.id) }) { ClaimLock.release(lock) }
        let leftover = leftoverInFlight.withLock { current -> (claim: UInt64, record: FileName?, launched: Double)? in
            guard let running = current, running.claim == claim.id else { return nil }
            current = nil
            return running
        }
        // Its check ended, whatever the disposition: the file did not kill the daemon.
        if let record = leftover?.record { leftoverAttempts.end(record) }
        admission.release()
        registry.remove(claim.id)
        report(disposition, claim: claim)
        if wakingIntake { dirty.wake() }
    }

    private func report(_ disposition: Disposition, claim: Claim) {
        let durationMs = (SystemInfo.monotonic() - claim.claimedAt) * 1000
        switch disposition {
        case .filed(let filed):
            events.filed(filed, claim: claim, durationMs: durationMs)
            mail.record(filed.result, inbox: claim.inbox, resultPath: filed.resultPath.text)
            count { filed.result.verdict == .accepted ? $0.accepted += 1 : ($0.rejected += 1) }
            retries.withLock { $0.forget(claim.processingPath) }
        case .failed(let error):
            // A file still in processing (the disk full, an I/O error) is tried again after a pause
            // that doubles up to a minute; a restart would redo it too.
            let stillThere = (try? FileSystem.status(claim.processingPath)) != nil
            let retryIn: Double? = retries.withLock { schedule in
                guard stillThere else {
                    schedule.forget(claim.processingPath)
                    return nil
                }
                return schedule.schedule(claim, now: SystemInfo.monotonic())
            }
            events.failed(error, claim: claim, retryIn: retryIn)
            count { $0.failed += 1 }
        case .rolledBack:
            break
        }
    }

    private func count(_ update: (inout Counters) -> Void) {
        let today = Self.today()
        counters.withLock { counters in
            if counters.day != today { counters = Counters(day: today) }
            update(&counters)
        }
    }

    /// The `STATUS=` text: inboxes watched, waiting, in progress, accepted and rejected today.
    func statusLine(inboxes: Int, waiting: Int) -> String {
        let today = Self.today()
        let (accepted, rejected) = counters.withLock { $0.day == today ? ($0.accepted, $0.rejected) : (0, 0) }
        return "监视\(inboxes)个收件箱；待处理\(waiting)个，处理中\(registry.count)个；今日通过\(accepted)个，退回\(rejected)个"
    }

    private static func today() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return "\(parts.tm_year + 1900)-\(parts.tm_mon + 1)-\(parts.tm_mday)"
    }

    // MARK: - Reload and stop

    private func reload(_ intake: Intake, now: Double) {
        notifier.reloading()
        guard let path = intake.configuration.sourcePath else {
            events.internalError("收到SIGHUP，但没有配置文件可重新加载（使用的是内置默认配置）。")
            notifier.ready(status: statusLine(inboxes: intake.inboxes.count, waiting: intake.candidates.count))
            return
        }
        do {
            let configuration = try ConfigurationLoader.load(path: path)
            intake.apply(configuration, now: now)
        } catch {
            events.internalError("重新加载配置失败，继续使用原配置：\(error.description.replacingOccurrences(of: "\n", with: "；"))")
        }
        notifier.ready(status: statusLine(inboxes: intake.inboxes.count, waiting: intake.candidates.count))
    }

    private func shutdown(timeout: Double) async {
        notifier.stopping()
        let inFlight = registry.count
        let deadline = SystemInfo.monotonic() + timeout
        while registry.count > 0 && SystemInfo.monotonic() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let rolledBack = registry.rollBack()
        // Files already being filed finish (a few fsyncs); wait for them without a deadline.
        while registry.active > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        reader.stop()
        mail.shutdown()
        events.event(
            .shutdown,
            "nianbaod停止：停止时有\(inFlight)个文件在处理，\(rolledBack.count)个超时未完成、已退回收件箱"
                + (rolledBack.isEmpty ? "。" : "（\(rolledBack.prefix(5).map(\.name.escaped).joined(separator: "、"))）。"))
    }
}
