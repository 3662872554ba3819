import Glibc
import Logging
import Synchronization

/// Writes each event as one line to standard error with an sd-daemon(3) priority prefix.
///
/// The format is `<N>MESSAGE KEY=value KEY="value with spaces"`: `N` is the syslog priority (see
/// ``JournalPriority``), the keys are the sanitized journal field names in alphabetical order. The
/// message and values are escaped (`\n`, `\xNN` …, see the stderr format in the README) so no value
/// can start a new line. When stderr is a journal stream (a unit's default), journald reads the
/// prefix as the entry's priority.
public struct StderrLogHandler: LogHandler {
    /// The metadata of this handler (value semantics, as swift-log requires).
    public var metadata: Logger.Metadata = [:]
    /// The metadata provider consulted on each event.
    public var metadataProvider: Logger.MetadataProvider?
    /// The minimum level that is written.
    public var logLevel: Logger.Level = .info

    private let sink: @Sendable ([UInt8]) -> Void

    /// A handler writing to file descriptor 2.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider, sink: StandardError.write)
    }

    /// A handler passing each finished line (with its `\n`) to `sink`; for tests and for other streams.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event as one line and writes it.
    public func log(event: LogEvent) {
        let entry = JournalEntry(event: event, handlerMetadata: metadata, provider: metadataProvider)
        sink(Array(Self.line(for: entry).utf8))
    }

    /// The stderr line for `entry`, ending in `\n`.
    static func line(for entry: JournalEntry) -> String {
        var line = "<\(entry.priority)>" + LogTextEscaper.escapeMessage(entry.message)
        for field in entry.fields {
            line += " " + field.name + "=" + LogTextEscaper.escapeValue(field.value)
        }
        return line + "\n"
    }
}

/// Whole-line writes to file descriptor 2, one writer at a time so lines never interleave.
enum StandardError {
    private static let lock = Mutex(())

    /// Writes `bytes` completely, retrying after `EINTR` and short writes.
    @Sendable static func write(_ bytes: [UInt8]) {
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}
