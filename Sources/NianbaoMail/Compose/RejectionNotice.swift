import Foundation

/// The text of a rejection notice: one or many rejected files of one inbox.
struct RejectionNotice: Sendable {
    var inbox: String
    var entries: [RecordedResult]
    /// Rejections in the same window beyond `entries`, only counted.
    var omitted: Int

    /// How many rejections the notice covers.
    var total: Int { entries.count + omitted }

    /// `年报退回：广州市越秀区大东街《报告.txt》`, or for several files
    /// `年报退回：3份报告未通过检查（广州市越秀区大东街《报告.txt》等）`.
    var subject: String {
        guard let first = entries.first else { return "年报退回：\(total)份报告未通过检查" }
        let organization = first.organization.flatMap { $0.isEmpty ? nil : $0 }.map {
            MailText.visible(MailText.truncated($0, to: 40))
        }
        let name =
            "\(organization ?? first.organizationText)《\(MailText.visible(MailText.truncated(first.file, to: 60)))》"
        if total == 1 { return "年报退回：\(name)" }
        return "年报退回：\(total)份报告未通过检查（\(name)等）"
    }

    /// The body: every error and warning of every file, with location and what to fix.
    var body: String {
        var lines: [String] = []
        lines.append("您好：")
        lines.append("")
        let inboxText = MailText.visible(inbox)
        if total == 1 {
            lines.append("收件箱“\(inboxText)”收到的以下政府信息公开工作年度报告未通过自动检查，已被退回。")
        } else {
            lines.append("收件箱“\(inboxText)”收到的以下\(total)份政府信息公开工作年度报告未通过自动检查，已被退回。")
        }
        lines.append("请按各项说明修改后，将修改后的文件重新放入收件箱。")
        for (index, entry) in entries.enumerated() {
            lines.append("")
            lines.append("────────────────────────")
            lines.append("\(index + 1). 文件：\(entry.fileText)")
            lines.append("   机关：\(entry.organizationText)")
            lines.append("   年度：\(entry.year.map { "\($0)年" } ?? "（未能识别）")")
            lines.append("   检查时间：\(MailClock.display(entry.processedAt))")
            lines.append("   检查结果：\(MailText.visible(entry.resultPath))")
            lines.append("   SHA-256：\(entry.sha256)")
            Self.appendItems(entry.errors, title: "错误（必须修改）", to: &lines)
            Self.appendItems(entry.warnings, title: "警告（请核对，不影响受理）", to: &lines)
        }
        if omitted > 0 {
            lines.append("")
            lines.append("另有\(omitted)份报告在同一时段被退回，未在此列出；请查看退回文件夹中各文件旁的说明（.reason.txt）或系统日志。")
        }
        lines.append("")
        lines.append("────────────────────────")
        lines.append("此邮件由年报检查服务（nianbaod）自动发送，请勿直接回复。")
        return lines.joined(separator: "\n") + "\n"
    }

    static func appendItems(_ items: [RecordedResult.Item], title: String, to lines: inout [String]) {
        guard !items.isEmpty else { return }
        lines.append("   \(title)，共\(items.count)项：")
        for (number, item) in items.enumerated() {
            let location = item.location.map { "位置：\(MailText.visible($0))；" } ?? ""
            lines.append(
                "   （\(number + 1)）[\(MailText.visible(item.code))] \(location)\(MailText.visible(item.message))")
        }
    }
}
