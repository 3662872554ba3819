import NianbaoCore

/// What became of one claimed file.
public enum Disposition: Sendable {
    /// Checked and filed: the result is durable in the outbox and the file in accepted/rejected.
    case filed(Filed)
    /// Rolled back to its inbox at shutdown; nothing written.
    case rolledBack
    /// Something failed (I/O); the file stays in processing and is retried after a pause (and at the
    /// next start).
    case failed(SystemError)

    /// A filed file.
    public struct Filed: Sendable {
        /// The check's outcome.
        public var result: CheckResult
        /// `accepted/NAME` or `rejected/NAME` (the name may carry `.2`, `.3`… to keep both files).
        public var filedPath: BytePath
        /// The result JSON in the outbox.
        public var resultPath: BytePath
        /// `rejected/NAME.reason.txt`, for a rejected file.
        public var reasonPath: BytePath?
    }
}
