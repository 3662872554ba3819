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
    /// The spool folder, where a message is written before sendmail runs (`queue/`) and where the
    /// pending notices and digest counts are kept (`state.json`).
    public var spoolDirectory: String
    /// The sender's display name in `From` (encoded as RFC 2047 words).
    public var senderName: String
    /// The first retry delay after a failed sendmail run, in seconds; it doubles on every further
    /// failure of the same message.
    public var retryInitialDelay: Double
    /// The longest retry delay, in seconds.
    public var retryMaxDelay: Double

    /// Creates mail settings; every default is what an absent key in `[mail]` means (mail off,
    /// `/usr/sbin/sendmail -t -oi`, 30 s timeout, 60 s coalescing window, digest daily at 08:00,
    /// spool `var/state/mail`, retries after 30 s doubling up to an hour).
    public init(
        enabled: Bool = false, sender: String = "nianbaod@localhost", officeRecipients: [String] = [],
        inboxRecipients: [String: [String]] = [:], sendmailPath: String = "/usr/sbin/sendmail",
        sendmailArguments: [String] = ["-t", "-oi"], sendmailTimeout: Double = 30, coalesceWindow: Double = 60,
        digest: DigestSchedule = .daily(hour: 8, minute: 0), expectedOrganizations: [String] = [],
        spoolDirectory: String = "var/state/mail", senderName: String = "年报检查服务",
        retryInitialDelay: Double = 30, retryMaxDelay: Double = 3600
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
        self.senderName = senderName
        self.retryInitialDelay = retryInitialDelay
        self.retryMaxDelay = retryMaxDelay
    }

    /// The recipients of rejection notices from `inbox`: its own, or the office's when it has none.
    public func rejectionRecipients(inbox: String) -> [String] {
        let own = inboxRecipients[inbox] ?? []
        return own.isEmpty ? officeRecipients : own
    }

    /// What is wrong with these settings, one English sentence each naming the key (empty when
    /// valid). `nianbaod config check` reports these; the notifier drops invalid addresses and
    /// logs them, so a bad address never stops the daemon.
    public var problems: [String] {
        var found: [String] = []
        if MailAddress(sender) == nil {
            found.append("mail.sender: \"\(MailText.visible(sender))\" is not a valid address (local@domain)")
        }
        for address in officeRecipients where MailAddress(address) == nil {
            found.append("mail.office: \"\(MailText.visible(address))\" is not a valid address")
        }
        for (inbox, addresses) in inboxRecipients.sorted(by: { $0.key < $1.key }) {
            for address in addresses where MailAddress(address) == nil {
                found.append(
                    "inboxes \"\(MailText.visible(inbox))\" recipients: \"\(MailText.visible(address))\" is not a valid address"
                )
            }
        }
        if !sendmailPath.hasPrefix("/") {
            found.append("mail.sendmail: \"\(MailText.visible(sendmailPath))\" must be an absolute path")
        }
        if sendmailArguments.contains(where: { $0.unicodeScalars.contains(where: MailText.isUnsafe) }) {
            found.append("mail.sendmail_args: arguments must not contain control characters")
        }
        if !(sendmailTimeout > 0) { found.append("mail.timeout: must be more than 0 seconds") }
        if !(coalesceWindow >= 0) { found.append("mail.coalesce: must be 0 seconds or more") }
        if !(retryInitialDelay > 0) { found.append("mail.retry_initial: must be more than 0 seconds") }
        if !(retryMaxDelay >= retryInitialDelay) { found.append("mail.retry_max: must be at least mail.retry_initial") }
        switch digest {
        case .daily(let hour, let minute):
            if !(0...23).contains(hour) || !(0...59).contains(minute) {
                found.append("mail.digest: daily time must be HH:MM between 00:00 and 23:59")
            }
        case .every(let minutes):
            if minutes < 1 { found.append("mail.digest: every N minutes needs N of at least 1") }
        case .off:
            break
        }
        if enabled && spoolDirectory.isEmpty { found.append("mail.spool: must name a folder") }
        return found
    }
}
