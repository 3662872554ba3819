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
    /// A file whose reading or filing failed (a full disk, an I/O error); it waits in processing and is
    /// tried again.
    case fileFailed = "file_failed"
    /// An inbox folder was deleted or moved away; it is watched again when it reappears.
    case inboxLost = "inbox_lost"
    /// A lost inbox folder is back and watched again.
    case inboxRestored = "inbox_restored"

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
        case .fileFailed: "9a16621eea324f8d9f5d8cc990513b77"
        case .inboxLost: "ffbfbddd19364d7ea7a613c38e902a77"
        case .inboxRestored: "2be9fb17800942a7a8530b75be3d61cd"
        }
    }
}

/// Journal field names used in log metadata. A `Logger` call carries these as metadata keys;
/// the journal handler sends them as fields, the stderr handler prints them.
public enum JournalField {
    /// Metadata key holding the event's ``EventKind/messageID``.
    public static let messageID = "MESSAGE_ID"
    /// The inbox's configured name.
    public static let inbox = "NIANBAO_INBOX"
    /// The file's name as submitted (use ``JournalBytes`` for a name that is not valid UTF-8).
    public static let file = "NIANBAO_FILE"
    /// The SHA-256 of the file's content, 64 lower-case hex digits.
    public static let sha256 = "NIANBAO_SHA256"
    /// `accepted` or `rejected`.
    public static let verdict = "NIANBAO_VERDICT"
    /// The reporting body (机关名称) as read from the report.
    public static let organization = "NIANBAO_ORG"
    /// The report's year.
    public static let year = "NIANBAO_YEAR"
    /// The file format (`docx`, `html`, `pdf`, `txt` …).
    public static let format = "NIANBAO_FORMAT"
    /// The number of errors.
    public static let errors = "NIANBAO_ERRORS"
    /// The number of warnings.
    public static let warnings = "NIANBAO_WARNINGS"
    /// The finding codes, comma-separated (a string, or an array of strings that the handlers join).
    public static let codes = "NIANBAO_CODES"
    /// One finding code per field value; the journal handler adds one for each code in ``codes``,
    /// so that `journalctl NIANBAO_CODE=X` matches. Callers do not set it.
    public static let code = "NIANBAO_CODE"
    /// The path of the result JSON.
    public static let result = "NIANBAO_RESULT"
    /// How long the check took, in milliseconds.
    public static let durationMs = "NIANBAO_DURATION_MS"
}
