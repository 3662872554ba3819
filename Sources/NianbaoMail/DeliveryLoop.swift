import Foundation
import Logging
import NianbaoJournal

/// The delivery thread: spool queue → sendmail, with exponential back-off on failure.
///
/// One failure holds back the whole queue until that message's next attempt (sendmail being
/// down affects every message alike), so a broken or hanging sendmail costs one run per back-off
/// period, not one per queued message.
struct DeliveryLoop: Sendable {
    let shared: Shared
    let logger: Logger

    func run() {
        var blockedUntil: Date?
        var firstPass = true
        var deadline = Date()
        while true {
            let work = shared.waitForDelivery(until: deadline)
            if work.stopping { break }
            let configuration = work.configuration
            let now = Date()
            guard configuration.enabled else {
                deadline = now.addingTimeInterval(3600)
                continue
            }
            let spool = MailSpool(directory: MailNotifier.queueDirectory(configuration.spoolDirectory))
            let entries: [MailSpool.Entry]
            do {
                entries = try spool.entries()
            } catch {
                logger.error(
                    "无法读取邮件发送队列，稍后重试：\(error)",
                    metadata: [JournalField.messageID: "\(EventKind.mailFailed.messageID)"])
                deadline = now.addingTimeInterval(configuration.retryInitialDelay)
                continue
            }
            if firstPass {
                // After a restart the back-off of the last failure still holds.
                blockedUntil = entries.filter { $0.attempts > 0 }.compactMap(\.nextAttempt).max()
                firstPass = false
            }
            if work.retryNow { blockedUntil = nil }
            var remaining: [MailSpool.Entry] = []
            for entry in entries {
                let notBefore = max(entry.nextAttempt ?? .distantPast, blockedUntil ?? .distantPast)
                guard work.retryNow || notBefore <= Date(), !shared.isStopping else {
                    remaining.append(entry)
                    continue
                }
                if let failedUntil = deliver(entry, spool: spool, configuration) {
                    blockedUntil = failedUntil
                    remaining.append(
                        MailSpool.Entry(name: entry.name, attempts: entry.attempts + 1, nextAttempt: failedUntil))
                    // Stop this pass: sendmail is failing for everyone until the back-off ends.
                    break
                }
            }
            // Entries after a failure (not yet in `remaining`) wait for the back-off too.
            let wake = remaining.map { max($0.nextAttempt ?? .distantPast, blockedUntil ?? .distantPast) }.min()
            deadline = max(wake ?? Date().addingTimeInterval(3600), Date().addingTimeInterval(0.001))
            if let blockedUntil, !entries.isEmpty { deadline = min(deadline, max(blockedUntil, Date())) }
        }
        shared.finished(intake: false)
    }

    /// Runs sendmail for one entry. Returns `nil` when it was delivered and removed, or the time
    /// of its next attempt.
    private func deliver(_ entry: MailSpool.Entry, spool: MailSpool, _ configuration: MailConfiguration) -> Date? {
        let path = spool.messagePath(entry.name)
        let headers = SpooledHeaders(path: path)
        let runner = SendmailRunner(
            path: configuration.sendmailPath, arguments: configuration.sendmailArguments,
            timeout: configuration.sendmailTimeout)
        let started = Date()
        let (outcome, output) = runner.run(inputPath: path)
        let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        var metadata: Logger.Metadata = [
            "NIANBAO_MAIL_SPOOL": "\(entry.name)",
            "NIANBAO_MAIL_MESSAGE_ID": "\(headers.messageID)",
            "NIANBAO_MAIL_KIND": "\(headers.kind)",
            "NIANBAO_MAIL_TO": "\(headers.to)",
            "NIANBAO_MAIL_ATTEMPT": "\(entry.attempts + 1)",
            "NIANBAO_DURATION_MS": "\(milliseconds)",
        ]
        if outcome.succeeded {
            do {
                try spool.remove(entry.name)
            } catch {
                logger.error(
                    "邮件已交给sendmail，但无法从队列删除（重启后可能重复发送）：\(error)",
                    metadata: [JournalField.messageID: "\(EventKind.internalError.messageID)"])
            }
            metadata[JournalField.messageID] = "\(EventKind.mailSent.messageID)"
            logger.info("邮件已发送：\(headers.subject)，收件人 \(headers.to)", metadata: metadata)
            return nil
        }
        let attempts = entry.attempts + 1
        let delay = min(
            configuration.retryMaxDelay,
            configuration.retryInitialDelay * pow(2, Double(min(attempts - 1, 40))))
        let next = Date().addingTimeInterval(delay)
        let reason = Self.describe(outcome, configuration: configuration)
        do {
            try spool.recordFailure(entry.name, attempts: attempts, nextAttempt: next, error: reason)
        } catch {
            logger.error(
                "无法记录邮件重试时间：\(error)", metadata: [JournalField.messageID: "\(EventKind.internalError.messageID)"])
        }
        metadata[JournalField.messageID] = "\(EventKind.mailFailed.messageID)"
        metadata["NIANBAO_MAIL_ERROR"] = "\(reason)"
        if !output.isEmpty { metadata["NIANBAO_MAIL_OUTPUT"] = "\(output)" }
        logger.warning(
            "邮件发送失败（第\(attempts)次）：\(reason)。将于\(Int(delay.rounded()))秒后重试：\(headers.subject)",
            metadata: metadata)
        return next
    }

    static func describe(_ outcome: SendmailRunner.Outcome, configuration: MailConfiguration) -> String {
        let program = MailText.visible(configuration.sendmailPath)
        switch outcome {
        case .exited(let code): return "\(program) 退出码 \(code)"
        case .signaled(let signal): return "\(program) 被信号 \(signal) 终止"
        case .timedOut: return "\(program) 超过 \(configuration.sendmailTimeout) 秒未结束，已终止"
        case .spawnFailed(let code, let text): return "无法启动 \(program)：\(text)（errno \(code)）"
        }
    }
}

/// The few headers of a spooled message that the log names.
struct SpooledHeaders {
    var messageID = "?"
    var kind = "?"
    var to = "?"
    var subject = "?"

    init(path: String) {
        guard let bytes = try? AtomicFile.read(path) else { return }
        let text = String(decoding: bytes.prefix(16_384), as: UTF8.self)
        let head = text.components(separatedBy: "\n\n").first ?? ""
        var fields: [(String, String)] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1].1 += String(line)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...])))
            }
        }
        for (name, value) in fields {
            let trimmed = value.trimmingSpaces()
            switch name {
            case "message-id": messageID = trimmed
            case "x-nianbao-kind": kind = trimmed
            case "to": to = trimmed.replacingOccurrences(of: "  ", with: " ")
            case "subject": subject = MailText.visible(EncodedWord.decode(trimmed) ?? trimmed)
            default: break
            }
        }
    }
}
