import NianbaoCore

/// The Chinese explanation put beside a rejected file (`NAME.reason.txt`).
enum ReasonText {
    static func render(_ result: CheckResult, name: FileName, inbox: String, resultPath: BytePath) -> String {
        var lines: [String] = []
        lines.append("年报检查：退回")
        lines.append("")
        lines.append("文件：\(name.escaped)")
        lines.append("收件箱：\(inbox)")
        if let report = result.report {
            lines.append("报告机关：\(report.organization ?? "未能识别")")
            lines.append("报告年度：\(report.year.map { "\($0)年" } ?? "未能识别")")
        }
        lines.append("SHA-256：\(result.source.sha256)")
        lines.append(resultLine(resultPath))
        lines.append("")
        let errors = result.errors
        lines.append("必须修改的错误（\(errors.count)项）：")
        for (index, finding) in errors.enumerated() { lines.append(item(index + 1, finding)) }
        let warnings = result.warnings
        if !warnings.isEmpty {
            lines.append("")
            lines.append("建议核对的警告（\(warnings.count)项）：")
            for (index, finding) in warnings.enumerated() { lines.append(item(index + 1, finding)) }
        }
        lines.append("")
        lines.append("请按上述说明修改后，将文件重新放入收件箱。")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The line naming the result file. The result's name is unique to the claimed file (content
    /// hash and inode), so this line tells whose reason file a `F.reason.txt` is.
    static func resultLine(_ resultPath: BytePath) -> String { "检查结果（JSON）：\(resultPath.escaped)" }

    private static func item(_ number: Int, _ finding: Finding) -> String {
        let location = finding.location.map { "（位置：\($0)）" } ?? ""
        return "\(number). [\(finding.code.rawValue)]\(location) \(finding.messageZh)"
    }
}
