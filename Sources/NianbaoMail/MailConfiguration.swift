/// Mail settings (configuration table `[mail]` and each inbox's `recipients`).
public struct MailConfiguration: Sendable, Hashable {
    /// When the digest goes out.
    public enum DigestSchedule: Sendable, Hashable {
        /// Every day at `hour:minute` local time.
        case daily(hour: Int, minute: Int)
        /// Every `minutes` minutes.
        case every(minutes: Int)
        /// No digest.
        case off
    }

    /// Whether any mail is sent.
    public var enabled: Bool
    /// The `From` address.
    public var sender: String
    /// The office's recipients: digests, and rejections of inboxes without recipients of their own.
    public var officeRecipients: [String]
    /// Per-inbox recipients of rejection notices, by inbox name.
    public var inboxRecipients: [String: [String]]
    /// The sendmail program.
    public var sendmailPath: String
    /// Its arguments (default `-t -oi`: recipients from the headers, a lone dot is not the end).
    public var sendmailArguments: [String]
    /// How long one sendmail run may take, in seconds.
    public var sendmailTimeout: Double
    /// Rejections within this many seconds go out as one message.
    public var coalesceWindow: Double
    /// When the digest goes out.
    public var digest: DigestSchedule
    /// Bodies expected to submit (the digest names those that have not).
    public var expectedOrganizations: [String]
    /// The spool folder, where a message is written before sendmail runs.
    public var spoolDirectory: String

    public init(
        enabled: Bool = false, sender: String = "nianbaod@localhost", officeRecipients: [String] = [],
        inboxRecipients: [String: [String]] = [:], sendmailPath: String = "/usr/sbin/sendmail",
        sendmailArguments: [String] = ["-t", "-oi"], sendmailTimeout: Double = 30, coalesceWindow: Double = 60,
        digest: DigestSchedule = .daily(hour: 8, minute: 0), expectedOrganizations: [String] = [],
        spoolDirectory: String = "var/state/mail"
    ) {
        self.enabled = enabled
        self.sender = sender
        self.officeRecipients = officeRecipients
        self.inboxRecipients = inboxRecipients
        self.sendmailPath = sendmailPath
        self.sendmailArguments = sendmailArguments
        self.sendmailTimeout = sendmailTimeout
        self.coalesceWindow = coalesceWindow
        self.digest = digest
        self.expectedOrganizations = expectedOrganizations
        self.spoolDirectory = spoolDirectory
    }
}
