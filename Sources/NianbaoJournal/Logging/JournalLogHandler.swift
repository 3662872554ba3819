import Logging

/// Sends each event to the systemd journal with `sd_journal_sendv`, as structured fields.
///
/// Every entry carries `MESSAGE`, `PRIORITY` (see ``JournalPriority``), `SYSLOG_IDENTIFIER`, every
/// metadata key as a field (named by ``JournalFieldName/sanitize(_:)``; `MESSAGE_ID` and the
/// `NIANBAO_*` names of ``JournalField`` pass unchanged), one `NIANBAO_CODE` per code listed in
/// `NIANBAO_CODES`, `ERROR` when the event carries an error,
/// and `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`. Values go in the binary-safe form of the native
/// protocol, so newlines, `NUL` and invalid UTF-8 (see ``JournalBytes``) arrive byte-exact.
///
/// Entries are sent in order from a background queue with a bounded backlog, so that a burst does
/// not make the caller wait for journald; ``JournalLogging/flush(timeout:)`` waits for the backlog
/// (it runs by itself at process exit). When the journal cannot take an entry (no socket, journald
/// gone), the entry is written to stderr in the ``StderrLogHandler`` format instead, so that no event
/// is lost silently.
public struct JournalLogHandler: LogHandler {
    /// The metadata of this handler (value semantics, as swift-log requires).
    public var metadata: Logger.Metadata = [:]
    /// The metadata provider consulted on each event.
    public var metadataProvider: Logger.MetadataProvider?
    /// The minimum level that is sent.
    public var logLevel: Logger.Level = .info

    private let identifier: String

    /// A handler sending entries with `SYSLOG_IDENTIFIER=identifier`.
    ///
    /// - Parameters:
    ///   - label: The logger's label (swift-log's; not sent).
    ///   - identifier: The `SYSLOG_IDENTIFIER`, the name `journalctl -t` selects.
    ///   - metadataProvider: Consulted on each event for extra metadata.
    public init(label: String, identifier: String = "nianbaod", metadataProvider: Logger.MetadataProvider? = nil) {
        self.identifier = identifier
        self.metadataProvider = metadataProvider
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends the event to the journal, or to stderr when the journal refuses it.
    public func log(event: LogEvent) {
        let entry = JournalEntry(event: event, handlerMetadata: metadata, provider: metadataProvider)
        var fields = [
            JournalEntry.Field(name: "MESSAGE", value: entry.message),
            JournalEntry.Field(name: "PRIORITY", value: Array(String(entry.priority).utf8)),
            JournalEntry.Field(name: "SYSLOG_IDENTIFIER", value: Array(identifier.utf8)),
        ]
        fields += entry.fields
        fields += Self.codeFields(entry.fields)
        fields.append(JournalEntry.Field(name: "CODE_FILE", value: Array(event.file.utf8)))
        fields.append(JournalEntry.Field(name: "CODE_LINE", value: Array(String(event.line).utf8)))
        fields.append(JournalEntry.Field(name: "CODE_FUNC", value: Array(event.function.utf8)))
        JournalWriter.shared.enqueue(fields) { Array(StderrLogHandler.line(for: entry).utf8) }
    }

    /// One `NIANBAO_CODE` field per code of `NIANBAO_CODES`, so that `journalctl NIANBAO_CODE=X`
    /// finds every entry with code X (journal matches compare whole values, and the list is one value).
    static func codeFields(_ fields: [JournalEntry.Field]) -> [JournalEntry.Field] {
        guard let codes = fields.first(where: { $0.name == JournalField.codes }) else { return [] }
        return codes.value.split(separator: UInt8(ascii: ",")).compactMap { code in
            let trimmed = code.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
            return trimmed.isEmpty ? nil : JournalEntry.Field(name: JournalField.code, value: Array(trimmed))
        }
    }
}
