import Foundation

/// The text of the digest to the office.
struct DigestReport: Sendable {
    var digest: NotifierState.Digest
    var until: Date
    /// Expected bodies, from the configuration.
    var expected: [String]
    /// Bodies that submitted, with whether one of their reports was accepted.
    var organizations: [String: Bool]

    var accepted: Int { digest.counts.values.reduce(0) { $0 + $1.accepted } }
    var rejected: Int { digest.counts.values.reduce(0) { $0 + $1.rejected } }

    /// Expected bodies with no report at all.
    var missing: [String] { expected.filter { organizations[$0] == nil } }
    /// Expected bodies whose reports were all rejected.
    var onlyRejected: [String] { expected.filter { organizations[$0] == false } }

    /// `年报检查汇总（2026-11-23）：收到5份，通过3份，退回2份`
    var subject: String {
        "年报检查汇总（\(MailClock.day(until))）：收到\(accepted + rejected)份，通过\(accepted)份，退回\(rejected)份"
    }

    var body: String {
        var lines: [String] = []
        lines.append("您好：")
        lines.append("")
        lines.append("以下是政府信息公开工作年度报告自动检查的汇总。")
        lines.append(
            "统计时段：\(MailClock.display(digest.since, seconds: false)) 至 \(MailClock.display(until, seconds: false))")
        lines.append("")
        lines.append("一、各收件箱收到的报告")
        if digest.counts.isEmpty {
            lines.append("   本时段未收到报告。")
        } else {
            for inbox in digest.counts.keys.sorted() {
                let counts = digest.counts[inbox]!
                lines.append("   \(MailText.visible(inbox))：通过\(counts.accepted)份，退回\(counts.rejected)份")
            }
            lines.append("   合计：通过\(accepted)份，退回\(rejected)份")
        }
        lines.append("")
        lines.append("二、被退回的报告及主要原因")
        if digest.rejected.isEmpty {
            lines.append("   无。")
        }
        for (index, entry) in digest.rejected.enumerated() {
            let year = entry.year.map { "，\($0)年度" } ?? ""
            lines.append(
                "   \(index + 1). [\(MailText.visible(entry.inbox))] \(entry.fileText)（\(entry.organizationText)\(year)）"
            )
            for item in entry.items {
                let location = item.location.map { "位置：\(MailText.visible($0))；" } ?? ""
                lines.append("      - [\(MailText.visible(item.code))] \(location)\(MailText.visible(item.message))")
            }
            lines.append("      检查结果：\(MailText.visible(entry.resultPath))")
        }
        if digest.rejectedOmitted > 0 {
            lines.append("   另有\(digest.rejectedOmitted)份被退回的报告未列出，详见系统日志。")
        }
        if !expected.isEmpty {
            lines.append("")
            let missing = self.missing
            lines.append("三、尚未提交报告的机关（应交\(expected.count)个，未交\(missing.count)个）")
            if missing.isEmpty { lines.append("   无，应交机关均已提交。") }
            for name in missing { lines.append("   - \(MailText.visible(name))") }
            let onlyRejected = self.onlyRejected
            if !onlyRejected.isEmpty {
                lines.append("")
                lines.append("   已提交但报告均被退回、尚无通过报告的机关（\(onlyRejected.count)个）：")
                for name in onlyRejected { lines.append("   - \(MailText.visible(name))") }
            }
        }
        lines.append("")
        lines.append("此邮件由年报检查服务（nianbaod）自动发送，请勿直接回复。")
        return lines.joined(separator: "\n") + "\n"
    }
}
