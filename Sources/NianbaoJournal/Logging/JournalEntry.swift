import Logging

/// One log event as journal fields: what both handlers send, each in its own form.
struct JournalEntry {
    /// One field of the entry.
    struct Field {
        /// A valid journal field name (see ``JournalFieldName``).
        var name: String
        /// The value, byte-exact; may hold newlines or invalid UTF-8.
        var value: [UInt8]
    }

    /// Field names the handler sets itself; metadata keys that sanitize to one of them get the
    /// prefix `X_` so that they cannot replace the message or its priority.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERROR",
    ]

    /// `MESSAGE`.
    var message: [UInt8]
    /// `PRIORITY`, 2…7.
    var priority: Int
    /// Metadata fields, sorted by name, then the error and the code location.
    var fields: [Field]

    /// Collects the handler's metadata, the provider's and the event's (the event's win on equal keys).
    init(
        event: LogEvent, handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?
    ) {
        var merged = handlerMetadata
        if let provided = provider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata {
            merged.merge(own) { _, new in new }
        }
        message = Array(event.message.description.utf8)
        priority = JournalPriority.of(event.level)
        fields = merged.sorted { $0.key < $1.key }.map { key, value in
            var name = JournalFieldName.sanitize(key)
            if Self.reservedNames.contains(name) {
                name = String(("X_" + name).prefix(JournalFieldName.maximumLength))
            }
            return Field(name: name, value: Self.bytes(of: value))
        }
        if let error = event.error {
            fields.append(Field(name: "ERROR", value: Array(String(describing: error).utf8)))
        }
    }

    /// The value's bytes: strings as UTF-8, ``JournalBytes`` byte-exact, arrays joined by commas
    /// (so `NIANBAO_CODES` may be given as an array), dictionaries as swift-log prints them.
    static func bytes(of value: Logger.MetadataValue) -> [UInt8] {
        switch value {
        case .string(let text):
            return Array(text.utf8)
        case .stringConvertible(let convertible):
            if let raw = convertible as? JournalBytes { return raw.bytes }
            return Array(convertible.description.utf8)
        case .array(let values):
            var out: [UInt8] = []
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(0x2C) }
                out += bytes(of: element)
            }
            return out
        case .dictionary:
            return Array(value.description.utf8)
        }
    }
}
