import Logging
import NianbaoCore
import NianbaoJournal
import NianbaoMail

/// The intake loop: turns dirty names, scans and timers into claims.
///
/// Runs as one task; all its state is its own, so it needs no locks. Each pass: merge what the
/// reader recorded, run due timers (safety rescan, polls, overflow rescan, re-created inboxes,
/// status, watchdog), then claim due candidates while the work queue has a free slot — when it has
/// none the pass ends and the next one (a finished job wakes intake) continues: that is the
/// back-pressure, and the files meanwhile stay in their inbox.
final class Intake {
    struct Key: Hashable {
        var inbox: String
        var name: FileName
    }

    struct Candidate {
        var origin: DirtyPaths.Origin
        var size: Int?
        var modified: Int64?
        var stableSince: Double
        var due: Double
    }

    struct InboxRuntime {
        var configuration: DaemonConfiguration.Inbox
        var path: BytePath
        var processing: BytePath
        var watch: Int32?
        var polled: Bool
        var nextPoll: Double = 0
        var missing = false
        var nextRetry: Double = 0
        var reportedMissing = false
    }

    let daemon: Daemon
    var configuration: DaemonConfiguration
    var inboxes: [String: InboxRuntime] = [:]
    var candidates: [Key: Candidate] = [:]
    var due = DueQueue<Key>()
    var nextRescan: Double
    var overflowRescanAt: Double?
    var overflowBackoff = 0.25
    var lastOverflowRescan = -1_000.0
    var nextStatus = 0.0
    var nextWatchdog = 0.0
    var claimErrorsReported: Set<String> = []

    init(daemon: Daemon, configuration: DaemonConfiguration) {
        self.daemon = daemon
        self.configuration = configuration
        nextRescan = SystemInfo.monotonic() + configuration.rescanInterval
    }

    // MARK: - Inboxes

    /// Creates the inbox's folders, watches it (or marks it polled), then lists it: in that order,
    /// so a file arriving in between is seen by the listing or by an event, never by neither.
    func open(_ inbox: DaemonConfiguration.Inbox, now: Double) {
        let path = BytePath(inbox.path)
        let processing = BytePath(configuration.processing).appending(inbox.name)
        var runtime = InboxRuntime(configuration: inbox, path: path, processing: processing, watch: nil, polled: false)
        do {
            try FileSystem.makeDirectories(path)
            try FileSystem.makeDirectories(processing)
            if let inboxStatus = try FileSystem.followingStatus(path),
                let processingStatus = try FileSystem.followingStatus(processing),
                inboxStatus.device != processingStatus.device
            {
                daemon.events.internalError(
                    "收件箱\(inbox.name)（\(path.escaped)）与处理中文件夹（\(processing.escaped)）不在同一文件系统，无法原子认领文件。"
                        + "请把processing文件夹设在收件箱所在的文件系统上。", inbox: inbox.name)
            }
        } catch {
            daemon.events.internalError("无法创建收件箱\(inbox.name)的文件夹：\(error)。将定期重试。", inbox: inbox.name)
            runtime.missing = true
            runtime.nextRetry = now + 1
            inboxes[inbox.name] = runtime
            return
        }
        runtime.polled = inbox.mode == .poll || (inbox.mode == .auto && FileSystem.isNetworkFileSystem(path))
        if !runtime.polled {
            do {
                let watch = try daemon.inotify.addWatch(path)
                daemon.reader.setWatch(watch, inbox: inbox.name)
                runtime.watch = watch
            } catch {
                daemon.events.internalError("无法监视收件箱\(inbox.name)：\(error)。改为定期轮询。", inbox: inbox.name)
                runtime.polled = true
            }
        }
        runtime.nextPoll = now + configuration.pollInterval
        inboxes[inbox.name] = runtime
        scan(inbox.name, now: now)
    }

    /// Stops watching an inbox (reload removed it). Files already claimed finish normally.
    func close(_ name: String) {
        guard let runtime = inboxes.removeValue(forKey: name) else { return }
        if let watch = runtime.watch {
            daemon.reader.removeWatch(watch)
            daemon.inotify.removeWatch(watch)
        }
        candidates = candidates.filter { $0.key.inbox != name }
    }

    /// Lists an inbox and makes every name a candidate (a name already known keeps its state).
    func scan(_ name: String, now: Double) {
        guard var runtime = inboxes[name] else { return }
        let names: [FileName]?
        do {
            names = try FileSystem.list(runtime.path)
        } catch {
            daemon.events.internalError("无法列出收件箱\(name)：\(error)", inbox: name)
            return
        }
        guard let names else {
            lost(name, now: now)
            return
        }
        if runtime.reportedMissing {
            runtime.reportedMissing = false
            inboxes[name] = runtime
        }
        for entry in names { consider(Key(inbox: name, name: entry), origin: .scan, now: now) }
    }

    /// An inbox's watch ended or its folder is gone: retry until it exists again.
    func lost(_ name: String, now: Double) {
        guard var runtime = inboxes[name] else { return }
        if let watch = runtime.watch {
            daemon.reader.removeWatch(watch)
            daemon.inotify.removeWatch(watch)
        }
        runtime.watch = nil
        runtime.missing = true
        runtime.nextRetry = now + 0.2
        if !runtime.reportedMissing {
            runtime.reportedMissing = true
            daemon.events.event(
                .inboxLost, "收件箱\(name)（\(runtime.path.escaped)）已被删除或移走；文件夹重新出现后将自动恢复监视。",
                level: .warning, [JournalField.inbox: .string(name)])
        }
        inboxes[name] = runtime
    }

    func retryMissing(now: Double) {
        for (name, runtime) in inboxes where runtime.missing && runtime.nextRetry <= now {
            if (try? FileSystem.followingStatus(runtime.path))??.isDirectory == true {
                daemon.events.event(
                    .inboxRestored, "收件箱\(name)已重新出现，恢复监视并重新扫描。", [JournalField.inbox: .string(name)])
                inboxes[name] = nil
                open(runtime.configuration, now: now)
            } else {
                inboxes[name]?.nextRetry = now + 0.5
            }
        }
    }

    // MARK: - Candidates

    func ignored(_ name: FileName) -> Bool {
        configuration.ignore.contains { SystemInfo.matches(name, pattern: $0) }
    }

    func consider(_ key: Key, origin: DirtyPaths.Origin, now: Double) {
        if ignored(key.name) { return }
        if var existing = candidates[key] {
            if origin == .event && existing.origin == .scan {
                existing.origin = .event
                existing.due = now + configuration.settleAfterEvent
                candidates[key] = existing
                due.push(key, due: existing.due)
            }
            return
        }
        let delay = origin == .event ? configuration.settleAfterEvent : 0
        candidates[key] = Candidate(origin: origin, size: nil, modified: nil, stableSince: now, due: now + delay)
        due.push(key, due: now + delay)
    }

    func merge(_ batch: DirtyPaths.Batch, now: Double) {
        for (inbox, names) in batch.names where inboxes[inbox] != nil {
            for (name, origin) in names { consider(Key(inbox: inbox, name: name), origin: origin, now: now) }
        }
        for watch in batch.lostWatches {
            if let name = inboxes.first(where: { $0.value.watch == watch })?.key { lost(name, now: now) }
        }
        if batch.overflowed && overflowRescanAt == nil {
            overflowBackoff = now - lastOverflowRescan < 10 ? min(overflowBackoff * 2, 30) : 0.25
            overflowRescanAt = max(now, lastOverflowRescan + overflowBackoff)
            daemon.events.event(
                .overflowRescan,
                "inotify事件队列溢出（fs.inotify.max_queued_events），部分通知丢失；将在\(String(format2: overflowBackoff))秒内全面重新扫描所有收件箱。",
                level: .warning)
        }
    }

    /// Looks at due candidates and claims those that are stable, while slots are free.
    func claimDue(now: Double) {
        let wallNow = SystemInfo.wallNanoseconds()
        while let (key, dueAt) = due.popDue(now: now) {
            guard var candidate = candidates[key], candidate.due == dueAt else { continue }
            guard let runtime = inboxes[key.inbox], !runtime.missing else {
                candidates[key] = nil
                continue
            }
            let path = runtime.path.appending(key.name)
            guard let status = try? FileSystem.status(path), !status.isDirectory else {
                candidates[key] = nil
                continue
            }
            let required = candidate.origin == .event ? configuration.settleAfterEvent : configuration.settleTime
            var stable = required == 0
            if !stable {
                if candidate.size == status.size && candidate.modified == status.modified {
                    stable = now - candidate.stableSince >= required
                } else if candidate.size == nil && candidate.origin == .scan
                    && Double(wallNow - status.modified) / 1e9 >= required
                {
                    // Untouched for longer than the settle time already (dropped while we were down).
                    stable = true
                }
                if !stable {
                    if candidate.size != status.size || candidate.modified != status.modified {
                        candidate.stableSince = now
                    }
                    candidate.size = status.size
                    candidate.modified = status.modified
                    candidate.due = max(now + 0.01, candidate.stableSince + required)
                    candidates[key] = candidate
                    due.push(key, due: candidate.due)
                    continue
                }
            }
            guard daemon.admission.tryReserve() else {
                // No free slot: leave it due; a finished job wakes intake.
                due.push(key, due: dueAt)
                return
            }
            let target = runtime.processing.appending(key.name)
            // Locked before the rename, so the file is never unlocked in processing while this
            // daemon lives (``ClaimLock``). Locked already: another daemon is claiming it.
            var lock: Int32? = nil
            switch ClaimLock.acquire(path) {
            case .locked(let descriptor): lock = descriptor
            case .unavailable: break
            case .heldElsewhere, .missing:
                candidates[key] = nil
                daemon.admission.release()
                continue
            }
            do {
                let moved = try FileSystem.move(path, to: target)
                if moved != .moved, let held = lock { ClaimLock.release(held) }
                switch moved {
                case .moved:
                    candidates[key] = nil
                    if let held = lock, !ClaimLock.isFile(held, at: target) {
                        // A new file took the name between the lock and the rename: lock that one.
                        ClaimLock.release(held)
                        if case .locked(let descriptor) = ClaimLock.acquire(target) { lock = descriptor } else { lock = nil }
                    }
                    daemon.launch(claimOf: key.name, inbox: key.inbox, inboxPath: runtime.path, processingPath: target, lock: lock)
                case .sourceMissing:
                    candidates[key] = nil
                    daemon.admission.release()
                case .targetExists:
                    // The same name from this inbox is still being processed: try again shortly.
                    daemon.admission.release()
                    candidate.due = now + 0.5
                    candidates[key] = candidate
                    due.push(key, due: candidate.due)
                }
            } catch {
                if let held = lock { ClaimLock.release(held) }
                daemon.admission.release()
                if claimErrorsReported.insert(key.inbox).inserted {
                    daemon.events.internalError("无法认领收件箱\(key.inbox)中的文件：\(error)", inbox: key.inbox)
                }
                candidate.due = now + 5
                candidates[key] = candidate
                due.push(key, due: candidate.due)
            }
        }
    }

    // MARK: - Timers

    func timers(now: Double) {
        if let at = overflowRescanAt, at <= now {
            overflowRescanAt = nil
            lastOverflowRescan = now
            for name in inboxes.keys.sorted() { scan(name, now: now) }
            nextRescan = now + configuration.rescanInterval
        }
        if nextRescan <= now {
            for name in inboxes.keys.sorted() { scan(name, now: now) }
            nextRescan = now + configuration.rescanInterval
        }
        for (name, runtime) in inboxes where runtime.polled && !runtime.missing && runtime.nextPoll <= now {
            inboxes[name]?.nextPoll = now + configuration.pollInterval
            scan(name, now: now)
        }
        retryMissing(now: now)
        if nextStatus <= now {
            nextStatus = now + 1
            daemon.notifier.status(daemon.statusLine(inboxes: inboxes.count, waiting: candidates.count))
        }
        if let interval = daemon.notifier.watchdogInterval, nextWatchdog <= now {
            nextWatchdog = now + max(0.1, interval / 3)
            let readerAlive = now - daemon.reader.lastHeartbeat < max(3, interval)
            let workersMoving = daemon.registry.oldestChecking.map { now - $0 < interval } ?? true
            if readerAlive && workersMoving { daemon.notifier.watchdog() }
        }
    }

    // MARK: - Reload

    func apply(_ new: DaemonConfiguration, now: Double) {
        var restartNeeded: [String] = []
        if new.processing != configuration.processing { restartNeeded.append("folders.processing") }
        if new.outbox != configuration.outbox { restartNeeded.append("folders.outbox") }
        if new.accepted != configuration.accepted { restartNeeded.append("folders.accepted") }
        if new.rejected != configuration.rejected { restartNeeded.append("folders.rejected") }
        if new.state != configuration.state { restartNeeded.append("folders.state") }
        if new.concurrency != configuration.concurrency { restartNeeded.append("concurrency") }
        if new.log != configuration.log { restartNeeded.append("log") }
        if new.durability != configuration.durability { restartNeeded.append("durability") }
        var kept = new
        kept.processing = configuration.processing
        kept.outbox = configuration.outbox
        kept.accepted = configuration.accepted
        kept.rejected = configuration.rejected
        kept.state = configuration.state
        kept.concurrency = configuration.concurrency
        kept.log = configuration.log
        kept.durability = configuration.durability
        let old = Dictionary(uniqueKeysWithValues: configuration.inboxes.map { ($0.name, $0) })
        let added = kept.inboxes.filter { old[$0.name] != $0 }
        let removed = configuration.inboxes.filter { inbox in !kept.inboxes.contains(inbox) }
        configuration = kept
        for inbox in removed { close(inbox.name) }
        for inbox in added { open(inbox, now: now) }
        nextRescan = min(nextRescan, now + kept.rescanInterval)
        daemon.disposer.update(options: kept.check, prettyResults: kept.prettyResults)
        daemon.mail.reconfigure(kept.mail)
        var message = "已重新加载配置：\(kept.inboxes.count)个收件箱（新增\(added.count)个，移除\(removed.count)个）。"
        if !restartNeeded.isEmpty { message += "以下设置需重启后生效：\(restartNeeded.joined(separator: "、"))。" }
        daemon.events.event(.reload, message)
    }
}

extension String {
    /// A number of seconds with up to two decimals.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        self = hundredths % 100 == 0 ? String(hundredths / 100) : String(Double(hundredths) / 100)
    }
}
