/// How reports are checked.
public struct CheckOptions: Sendable, Hashable {
    /// Language of finding messages.
    public var language: MessageLanguage
    /// Severity per code, replacing the catalogue's default (configuration `[severity]`).
    public var severityOverrides: [FindingCode: Severity]
    /// Files larger than this many bytes are rejected with `TOO_LARGE` without being read.
    public var sizeLimit: Int

    /// The default size limit: 20 MiB.
    public static let defaultSizeLimit = 20 * 1024 * 1024

    public init(
        language: MessageLanguage = .zh, severityOverrides: [FindingCode: Severity] = [:],
        sizeLimit: Int = CheckOptions.defaultSizeLimit
    ) {
        self.language = language
        self.severityOverrides = severityOverrides
        self.sizeLimit = sizeLimit
    }
}
