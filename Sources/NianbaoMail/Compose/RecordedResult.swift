import Foundation
import NianbaoCore

/// What the notifier keeps of one processed file: enough for a notice and the digest, and
/// `Codable` so pending notices and digest state survive a restart.
struct RecordedResult: Codable, Sendable, Hashable {
    /// One error or warning.
    struct Item: Codable, Sendable, Hashable {
        var code: String
        var severity: String
        var location: String?
        var message: String
    }

    var inbox: String
    var file: String
    var sha256: String
    var organization: String?
    var year: Int?
    var rejected: Bool
    var processedAt: Date
    var resultPath: String
    /// Errors first, then warnings (info findings are left out of mail).
    var items: [Item]

    init(_ result: CheckResult, inbox: String, resultPath: String) {
        self.inbox = inbox
        self.file = result.source.name
        self.sha256 = result.source.sha256
        self.organization = result.report?.organization
        self.year = result.report?.year
        self.rejected = result.verdict == .rejected
        self.processedAt = result.processedAt
        self.resultPath = resultPath
        let relevant = result.findings.filter { $0.severity >= .warning }
        let ordered = relevant.filter { $0.severity == .error } + relevant.filter { $0.severity == .warning }
        self.items = ordered.map {
            Item(code: $0.code.rawValue, severity: $0.severity.rawValue, location: $0.location, message: $0.messageZh)
        }
    }

    var errors: [Item] { items.filter { $0.severity == Severity.error.rawValue } }
    var warnings: [Item] { items.filter { $0.severity == Severity.warning.rawValue } }

    /// The body's name for display, or a placeholder when it was not recognised.
    var organizationText: String {
        guard let organization, !organization.isEmpty else { return "（未能识别机关名称）" }
        return MailText.visible(organization)
    }

    /// The file name for display, escaped.
    var fileText: String { MailText.visible(file) }
}
