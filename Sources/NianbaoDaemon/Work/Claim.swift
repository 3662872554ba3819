/// A file taken from an inbox into the processing folder, to be checked and filed.
public struct Claim: Sendable, Hashable {
    /// A number unique within this run.
    public var id: UInt64
    /// The inbox's configured name.
    public var inbox: String
    /// The inbox folder (where a rolled-back file goes back), or `nil` when the inbox is no longer
    /// configured (a leftover from before a reload or restart).
    public var inboxPath: BytePath?
    /// The name as submitted.
    public var name: FileName
    /// Where the file is now: `processing/INBOX/NAME`.
    public var processingPath: BytePath
    /// When the file was claimed (monotonic seconds).
    public var claimedAt: Double

    /// A claim; see the properties.
    public init(id: UInt64, inbox: String, inboxPath: BytePath?, name: FileName, processingPath: BytePath, claimedAt: Double) {
        self.id = id
        self.inbox = inbox
        self.inboxPath = inboxPath
        self.name = name
        self.processingPath = processingPath
        self.claimedAt = claimedAt
    }
}
