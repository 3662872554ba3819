import NianbaoCore

/// The human summary `nianbaod check` prints for one file.
enum Summary {
    static func render(_ result: CheckResult, language: MessageLanguage) -> String {
        let zh = language == .zh
        let report = result.report
        var lines: [String] = []
        let verdict = result.verdict == .accepted ? (zh ? "通过" : "accepted") : (zh ? "退回" : "rejected")
        lines.append("\(escaped(result.source.name)): \(verdict)")
        let unknown = zh ? "未知" : "unknown"
        let org = report?.organization ?? unknown
        let year = report?.year.map(String.init) ?? unknown
        let format = report?.format?.rawValue ?? unknown
        lines.append(zh ? "  机关：\(org)  年度：\(year)  格式：\(format)" : "  body: \(org)  year: \(year)  format: \(format)")
        for finding in result.findings {
            let severity = zh ? finding.severity.chinese : finding.severity.rawValue
            let location = finding.location.map { " [\($0)]" } ?? ""
            lines.append("  \(severity) \(finding.code.rawValue)\(location): \(finding.message(in: language))")
        }
        return lines.joined(separator: "\n")
    }

    /// The name with control characters escaped, so a file name cannot forge output lines.
    static func escaped(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
