/// The kinds of event nianbaod writes to the journal, each with a fixed `MESSAGE_ID`.
///
/// The IDs never change: operations staff filter on them (`journalctl MESSAGE_ID=…`) and the
/// catalogue `systemd/nianbaod.catalog` explains each one.
public enum EventKind: String, Sendable, CaseIterable {
    case accepted
    case rejected
    case overflowRescan = "overflow_rescan"
    case startup
    case ready
    case reload
    case shutdown
    case mailSent = "mail_sent"
    case mailFailed = "mail_failed"
    case internalError = "internal_error"

    /// The 128-bit journal message ID, as 32 lower-case hex digits.
    public var messageID: String {
        switch self {
        case .accepted: "53ff79bc54144f6fbbcf616ff84d85da"
        case .rejected: "f0236e4a54d7414da5eb14183e43d882"
        case .overflowRescan: "74c9eea452894e928e81aa5ab37ba7be"
        case .startup: "da61f9a3ab5746858baf45bb4be05fff"
        case .ready: "1c941d9426dc4db895b263db42afafa5"
        case .reload: "952a26fd0e874f05810bdd24dce8c0a7"
        case .shutdown: "b5465fb689c241958f4ff1724fe8a881"
        case .mailSent: "70e8346ea0d440c5a5666817417fe766"
        case .mailFailed: "6a81e44d1c2844fbb6778d1b130b8395"
        case .internalError: "c2b3396eb8f0456984218ca9121b6cf0"
        }
    }
}

/// Journal field names used in log metadata. A `Logger` call carries these as metadata keys;
/// the journal handler sends them as fields, the stderr handler prints them.
public enum JournalField {
    /// Metadata key holding the event's ``EventKind/messageID``.
    public static let messageID = "MESSAGE_ID"
    public static let inbox = "NIANBAO_INBOX"
    public static let file = "NIANBAO_FILE"
    public static let sha256 = "NIANBAO_SHA256"
    public static let verdict = "NIANBAO_VERDICT"
    public static let organization = "NIANBAO_ORG"
    public static let year = "NIANBAO_YEAR"
    public static let format = "NIANBAO_FORMAT"
    public static let errors = "NIANBAO_ERRORS"
    public static let warnings = "NIANBAO_WARNINGS"
    public static let codes = "NIANBAO_CODES"
    public static let result = "NIANBAO_RESULT"
    public static let durationMs = "NIANBAO_DURATION_MS"
}
