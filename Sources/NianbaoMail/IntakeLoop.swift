import Foundation
import Logging
import NianbaoJournal

/// The intake thread: records → persistent state → coalesced notices and digests → spool queue.
struct IntakeLoop: Sendable {
    let shared: Shared
    let logger: Logger

    /// How long to wait before trying again after the spool or state could not be written.
    static let writeRetryDelay: Double = 10

    func run() {
        var configuration = shared.configuration
        var state = loadState(configuration)
        var saved = state
        var writeBlockedUntil: Date?
        var deadline = Date()
        while true {
            let work = shared.waitForIntake(until: deadline)
            configuration = work.configuration
            let now = Date()
            guard configuration.enabled else {
                if work.stopping { break }
                deadline = now.addingTimeInterval(3600)
                continue
            }
            for item in work.records {
                state.add(RecordedResult(item.result, inbox: item.inbox, resultPath: item.resultPath), now: now)
            }
            let scheduleKey = "\(configuration.digest)"
            if state.schedule != scheduleKey {
                state.schedule = scheduleKey
                state.nextDigestAt = MailClock.next(configuration.digest, after: now)
            }
            let mayWrite = work.stopping || work.flush || work.digest || (writeBlockedUntil.map { $0 <= now } ?? true)
            var spooled = false
            var failed = false
            if mayWrite {
                for inbox in state.pending.keys.sorted() {
                    guard let batch = state.pending[inbox] else { continue }
                    let due = batch.opened.addingTimeInterval(configuration.coalesceWindow) <= now
                    guard due || work.flush || work.stopping else { continue }
                    let notice = RejectionNotice(inbox: inbox, entries: batch.entries, omitted: batch.omitted)
                    let recipients = configuration.rejectionRecipients(inbox: inbox)
                    switch spool(notice.subject, notice.body, to: recipients, kind: "rejection", configuration, now) {
                    case .spooled:
                        spooled = true
                        state.pending[inbox] = nil
                    case .noRecipients: state.pending[inbox] = nil
                    case .failed: failed = true
                    }
                }
                let digestDue = state.nextDigestAt.map { $0 <= now } ?? false
                if (digestDue || work.digest) && !failed {
                    let report = DigestReport(
                        digest: state.digest, until: now, expected: configuration.expectedOrganizations,
                        organizations: state.organizations)
                    switch spool(
                        report.subject, report.body, to: configuration.officeRecipients, kind: "digest",
                        configuration, now)
                    {
                    case .spooled, .noRecipients:
                        spooled = true
                        state.digest = NotifierState.Digest(since: now)
                        state.nextDigestAt = MailClock.next(configuration.digest, after: now)
                    case .failed: failed = true
                    }
                }
            }
            if state != saved {
                if save(state, configuration) { saved = state } else { failed = true }
            }
            if spooled { shared.wakeDelivery() }
            writeBlockedUntil = failed ? now.addingTimeInterval(Self.writeRetryDelay) : nil
            if work.stopping { break }
            deadline = nextDeadline(state, configuration, now: now, blockedUntil: writeBlockedUntil)
        }
        shared.finished(intake: true)
    }

    private func nextDeadline(
        _ state: NotifierState, _ configuration: MailConfiguration, now: Date, blockedUntil: Date?
    )
        -> Date
    {
        var deadline = now.addingTimeInterval(3600)
        for batch in state.pending.values {
            deadline = min(deadline, batch.opened.addingTimeInterval(configuration.coalesceWindow))
        }
        if let digest = state.nextDigestAt { deadline = min(deadline, digest) }
        if let blockedUntil { deadline = max(deadline, blockedUntil) }
        return deadline
    }

    enum SpoolOutcome { case spooled, noRecipients, failed }

    /// Builds a message and puts it into the spool queue.
    private func spool(
        _ subject: String, _ body: String, to recipients: [String], kind: String, _ configuration: MailConfiguration,
        _ now: Date
    ) -> SpoolOutcome {
        var addresses: [MailAddress] = []
        for text in recipients {
            if let address = MailAddress(text) {
                if !addresses.contains(address) { addresses.append(address) }
            } else {
                logger.error(
                    "邮件收件人地址无效，已忽略：\(MailText.visible(text))",
                    metadata: [JournalField.messageID: "\(EventKind.mailFailed.messageID)"])
            }
        }
        guard !addresses.isEmpty else {
            logger.warning(
                "没有有效的收件人，邮件未发送：\(MailText.visible(subject))。请在配置中设置收件人。",
                metadata: [JournalField.messageID: "\(EventKind.mailFailed.messageID)", "NIANBAO_MAIL_KIND": "\(kind)"])
            return .noRecipients
        }
        let sender = MailAddress(configuration.sender) ?? MailAddress("nianbaod@localhost")!
        if MailAddress(configuration.sender) == nil {
            logger.error(
                "发件人地址无效：\(MailText.visible(configuration.sender))，改用 nianbaod@localhost。请修正配置 mail.sender。",
                metadata: [JournalField.messageID: "\(EventKind.mailFailed.messageID)"])
        }
        let message = MailMessage(
            from: sender, fromName: configuration.senderName, to: addresses, subject: subject, body: body, date: now,
            kind: kind)
        let queue = MailSpool(directory: MailNotifier.queueDirectory(configuration.spoolDirectory))
        do {
            try queue.enqueue(message.rendered(), now: now)
            return .spooled
        } catch {
            logger.error(
                "邮件无法写入发送队列，稍后重试：\(error)",
                metadata: [JournalField.messageID: "\(EventKind.mailFailed.messageID)", "NIANBAO_MAIL_KIND": "\(kind)"])
            return .failed
        }
    }

    private func loadState(_ configuration: MailConfiguration) -> NotifierState {
        let path = MailNotifier.statePath(configuration.spoolDirectory)
        do {
            guard let bytes = try AtomicFile.read(path) else { return NotifierState(now: Date()) }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            return try decoder.decode(NotifierState.self, from: Data(bytes))
        } catch {
            let aside = "\(path).corrupt-\(Int(Date().timeIntervalSince1970))"
            rename(path, aside)
            logger.error(
                "邮件状态文件无法读取，已移到 \(MailText.visible(aside))，从空状态开始：\(error)",
                metadata: [JournalField.messageID: "\(EventKind.internalError.messageID)"])
            return NotifierState(now: Date())
        }
    }

    private func save(_ state: NotifierState, _ configuration: MailConfiguration) -> Bool {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        do {
            try AtomicFile.makeDirectory(configuration.spoolDirectory)
            try AtomicFile.write(
                Array(try encoder.encode(state)), to: MailNotifier.statePath(configuration.spoolDirectory))
            return true
        } catch {
            logger.error(
                "邮件状态无法保存，稍后重试：\(error)",
                metadata: [JournalField.messageID: "\(EventKind.internalError.messageID)"])
            return false
        }
    }
}
