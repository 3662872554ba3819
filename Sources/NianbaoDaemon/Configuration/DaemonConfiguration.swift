import NianbaoCore
import NianbaoJournal
import NianbaoMail

/// Everything `nianbaod run` needs, read from the TOML file (see `config/nianbaod.toml`).
///
/// Relative paths in the file resolve against the parent of the folder holding the file, so
/// `config/nianbaod.toml` in a clone puts `var/inbox` at the clone's root whatever the working
/// directory. All paths here are absolute.
public struct DaemonConfiguration: Sendable, Hashable {
    /// One watched folder.
    public struct Inbox: Sendable, Hashable {
        /// How an inbox learns about new files.
        public enum Mode: String, Sendable, Hashable {
            /// inotify, unless `statfs` shows a network or FUSE file system (then `poll`).
            case auto
            /// inotify, always.
            case inotify
            /// Listing the folder every `poll_interval`.
            case poll
        }

        /// A short name: letters, digits, `_`, `-` (used for the processing subfolder and logs).
        public var name: String
        /// The absolute path.
        public var path: String
        /// Who hears about rejections from this inbox.
        public var recipients: [String]
        /// How new files are noticed.
        public var mode: Mode

        /// An inbox; `path` must be absolute.
        public init(name: String, path: String, recipients: [String] = [], mode: Mode = .auto) {
            self.name = name
            self.path = path
            self.recipients = recipients
            self.mode = mode
        }
    }

    /// The file the configuration was read from, if any.
    public var sourcePath: String?
    /// The watched folders, at least one.
    public var inboxes: [Inbox]
    /// Claimed files, in one subfolder per inbox (must be on the inboxes' file system).
    public var processing: String
    /// Result JSON files.
    public var outbox: String
    /// Accepted originals.
    public var accepted: String
    /// Rejected originals with their `NAME.reason.txt`.
    public var rejected: String
    /// State (mail spool).
    public var state: String
    /// Size limit, language, severity overrides.
    public var check: CheckOptions
    /// `fnmatch` patterns of names left alone until renamed.
    public var ignore: [String]
    /// Files checked at once (default: the number of cores).
    public var concurrency: Int
    /// Seconds a file found by a scan or poll must keep its size and mtime before it is claimed.
    public var settleTime: Double
    /// Seconds to wait after a close-write or moved-to event before claiming (0: at once).
    public var settleAfterEvent: Double
    /// Seconds between safety rescans of every inbox (each also takes over files abandoned in processing).
    public var rescanInterval: Double
    /// Seconds between listings of a polled inbox.
    public var pollInterval: Double
    /// Seconds SIGTERM waits for files being checked before rolling them back.
    public var shutdownTimeout: Double
    /// Results as indented JSON (true) or one line.
    public var prettyResults: Bool
    /// How filing makes results and moves durable.
    public var durability: Durability
    /// Where log events go.
    public var log: LogOutput
    /// Mail settings (`[mail]` and the inboxes' `recipients`); the spool is `state/mail`.
    public var mail: MailConfiguration

    /// Default `fnmatch` patterns: dot-files and the temporary names of browsers and editors.
    public static let defaultIgnore = [".*", "*.part", "*.tmp", "*.crdownload", "*~", "*.swp"]

    /// The defaults, with folders under `root`.
    public init(root: String) {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        sourcePath = nil
        inboxes = [Inbox(name: "default", path: base + "/var/inbox")]
        processing = base + "/var/processing"
        outbox = base + "/var/outbox"
        accepted = base + "/var/accepted"
        rejected = base + "/var/rejected"
        state = base + "/var/state"
        check = CheckOptions()
        ignore = Self.defaultIgnore
        concurrency = Self.processorCount
        settleTime = 1
        settleAfterEvent = 0
        rescanInterval = 60
        pollInterval = 2
        shutdownTimeout = 10
        prettyResults = true
        durability = .syncfs
        log = .auto
        mail = MailConfiguration(spoolDirectory: base + "/var/state/mail")
    }

    /// The number of cores online.
    public static var processorCount: Int { max(1, SystemInfo.processorCount) }
}

/// How filing makes its writes and renames durable (`durability` in the configuration).
public enum Durability: String, Sendable, CaseIterable {
    /// Workers filing at the same time share one `syncfs` of the file system per step (the default,
    /// and the fastest: see ``SyncBarrier``). `syncfs` also writes back other programs' unsaved data
    /// on that file system.
    case syncfs
    /// Each worker `fsync`s the files it wrote and the folders it changed: only this daemon's data
    /// is written, at more kernel time per file (with `nianbao-daemon-bench` on this project's CI
    /// machine: 502 instead of 362 µs, 1,351 instead of 1,626 files/s). For file systems shared
    /// with programs that write a lot.
    case fsync
}
