import Logging
import NianbaoCore
import NianbaoJournal

/// The journal events of the daemon: one per processed file, plus life-cycle events, each with
/// its fixed `MESSAGE_ID` and the `NIANBAO_*` fields, and a Chinese one-line `MESSAGE`.
public struct EventLog: Sendable {
    /// The logger events go to.
    public let logger: Logger

    /// Events through `logger`.
    public init(logger: Logger) { self.logger = logger }

    /// A filed file: `.info` when accepted, `.warning` when rejected.
    public func filed(_ filed: Disposition.Filed, claim: Claim, durationMs: Double) {
        let result = filed.result
        let accepted = result.verdict == .accepted
        let kind: EventKind = accepted ? .accepted : .rejected
        var metadata: Logger.Metadata = [
            JournalField.messageID: .string(kind.messageID),
            JournalField.inbox: .string(claim.inbox),
            JournalField.file: .string(claim.name.text),
            JournalField.sha256: .string(result.source.sha256),
            JournalField.verdict: .string(result.verdict.rawValue),
            JournalField.errors: .stringConvertible(result.errors.count),
            JournalField.warnings: .stringConvertible(result.warnings.count),
            JournalField.codes: .string(result.codes.map(\.rawValue).joined(separator: ",")),
            JournalField.result: .string(filed.resultPath.text),
            JournalField.durationMs: .string(String(Int(durationMs.rounded()))),
        ]
        if let organization = result.report?.organization { metadata[JournalField.organization] = .string(organization) }
        if let year = result.report?.year { metadata[JournalField.year] = .stringConvertible(year) }
        if let format = result.report?.format { metadata[JournalField.format] = .string(format.rawValue) }
        let body = result.report?.organization ?? "机关未识别"
        let year = result.report?.year.map { "\($0)年度" } ?? "年度未识别"
        var message = "\(accepted ? "通过" : "退回")：\(claim.name.escaped)（\(Self.oneLine(body))，\(year)）"
        let reasons = (accepted ? result.warnings : result.errors).prefix(2)
        if !reasons.isEmpty {
            message += "：" + reasons.map { finding in
                var text = Self.oneLine(finding.messageZh)
                while text.hasSuffix("。") { text.removeLast() }
                return "\(finding.code.rawValue) \(text)"
            }.joined(separator: "；")
        }
        if accepted {
            logger.info("\(message)", metadata: metadata)
        } else {
            logger.warning("\(message)", metadata: metadata)
        }
    }

    /// A file that could not be processed (an I/O failure): `.error`.
    ///
    /// - Parameter retryIn: Seconds until the file is tried again, or `nil` when it is no longer in
    ///   processing (then a restart finds nothing to redo either).
    public func failed(_ error: SystemError, claim: Claim, retryIn: Double? = nil) {
        let next =
            if let retryIn {
                "文件留在处理中文件夹，\(Int(retryIn.rounded()))秒后自动重试（重启后也会重新处理）。"
            } else {
                "文件已不在处理中文件夹。"
            }
        logger.error(
            "处理失败：\(claim.name.escaped)（收件箱\(claim.inbox)）：\(error)。\(next)",
            metadata: [
                JournalField.messageID: .string(EventKind.fileFailed.messageID),
                JournalField.inbox: .string(claim.inbox),
                JournalField.file: .string(claim.name.text),
            ])
    }

    /// A life-cycle event with a message and optional extra fields.
    public func event(_ kind: EventKind, _ message: String, level: Logger.Level = .notice, _ extra: Logger.Metadata = [:]) {
        var metadata = extra
        metadata[JournalField.messageID] = .string(kind.messageID)
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// An internal error not tied to one file.
    public func internalError(_ message: String, inbox: String? = nil) {
        var metadata: Logger.Metadata = [JournalField.messageID: .string(EventKind.internalError.messageID)]
        if let inbox { metadata[JournalField.inbox] = .string(inbox) }
        logger.error("\(message)", metadata: metadata)
    }

    static func oneLine(_ text: String) -> String { FileName(text).escaped }
}
