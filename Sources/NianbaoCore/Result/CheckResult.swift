import Foundation

/// The verdict on a file.
public enum Verdict: String, Sendable, Hashable {
    case accepted, rejected
}

/// The outcome of checking one file: the `nianbao.result/1` document.
public struct CheckResult: Sendable, Hashable {
    /// The schema identifier written into every result.
    public static let schema = "nianbao.result/1"

    public var source: SourceInfo
    /// `rejected` exactly when ``findings`` holds an error.
    public var verdict: Verdict
    /// What was read, or `nil` when nothing could be read (UNREADABLE, UNSUPPORTED_TYPE, TOO_LARGE).
    public var report: Report?
    /// Findings, most severe first, then in the order the checks produced them.
    public var findings: [Finding]
    /// When the check finished.
    public var processedAt: Date
    /// How long reading and checking took, in milliseconds.
    public var durationMs: Double
    /// The language messages are rendered in.
    public var language: MessageLanguage

    public init(
        source: SourceInfo, report: Report?, findings: [Finding], processedAt: Date, durationMs: Double,
        language: MessageLanguage
    ) {
        self.source = source
        self.report = report
        self.findings = findings
        self.verdict = findings.contains { $0.severity == .error } ? .rejected : .accepted
        self.processedAt = processedAt
        self.durationMs = durationMs
        self.language = language
    }

    /// Findings of severity `error`.
    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    /// Findings of severity `warning`.
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    /// The distinct codes of all findings, in order of first appearance.
    public var codes: [FindingCode] {
        var seen = Set<FindingCode>()
        return findings.compactMap { seen.insert($0.code).inserted ? $0.code : nil }
    }
}
