import Foundation
import NianbaoCore
import NianbaoJournal
import NianbaoMail

/// Reads a configuration file into a ``DaemonConfiguration``, collecting every mistake with its
/// line and key instead of stopping at the first.
public enum ConfigurationLoader {
    /// The configuration used when `run` gets no `--config`: `config/nianbaod.toml` under the
    /// working directory.
    public static let defaultPath = "config/nianbaod.toml"

    /// Loads and validates the file at `path`.
    /// - Throws: ``ConfigurationErrors`` naming every mistake.
    public static func load(path: String) throws(ConfigurationErrors) -> DaemonConfiguration {
        let absolute = absolutePath(path, base: FileManager.default.currentDirectoryPath)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigurationErrors(file: path, issues: [
                ConfigurationIssue(line: 0, key: "", message: "cannot read the file (does it exist, and may you read it?)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationErrors(file: path, issues: [
                ConfigurationIssue(line: 0, key: "", message: "the file is not UTF-8 text; save it as UTF-8")
            ])
        }
        let configFolder = (absolute as NSString).deletingLastPathComponent
        let root = (configFolder as NSString).deletingLastPathComponent
        var configuration = try parse(text, root: root.isEmpty ? "/" : root, file: path)
        configuration.sourcePath = absolute
        return configuration
    }

    /// Parses configuration text; relative paths resolve against `root`.
    /// - Throws: ``ConfigurationErrors`` with the issues in line order.
    public static func parse(_ text: String, root: String, file: String = "configuration")
        throws(ConfigurationErrors) -> DaemonConfiguration
    {
        let (document, syntaxErrors) = TOMLDocument.parseRecovering(text)
        var reader = Reader(root: root)
        reader.issues = syntaxErrors.map { ConfigurationIssue(line: $0.line, key: "", message: $0.message) }
        let configuration = reader.read(document)
        if !reader.issues.isEmpty {
            throw ConfigurationErrors(file: file, issues: reader.issues.enumerated().sorted {
                $0.element.line != $1.element.line ? $0.element.line < $1.element.line : $0.offset < $1.offset
            }.map(\.element))
        }
        return configuration
    }

    static func absolutePath(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return normalized(joined)
    }

    /// Removes `.`, `..` and repeated slashes (textually; the folders may not exist yet).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Walks the parsed tables, checking each key's type and value.
private struct Reader {
    let root: String
    var issues: [ConfigurationIssue] = []

    init(root: String) { self.root = root }

    mutating func issue(_ entry: TOMLDocument.Entry?, _ key: String, _ message: String, line: Int = 0) {
        issues.append(ConfigurationIssue(line: entry?.line ?? line, key: key, message: message))
    }

    mutating func read(_ document: TOMLDocument) -> DaemonConfiguration {
        var configuration = DaemonConfiguration(root: root)
        var inboxes: [DaemonConfiguration.Inbox] = []
        var inboxLines: [Int] = []
        var sawInboxes = false
        var pathLines: [String: (line: Int, key: String)] = [:]
        var inboxPlaces: [(line: Int, key: String)] = []
        for table in document.tables {
            switch (table.name, table.isArrayElement) {
            case ("", false): readRoot(table, into: &configuration)
            case ("folders", false): readFolders(table, into: &configuration, lines: &pathLines)
            case ("inboxes", true):
                sawInboxes = true
                if let inbox = readInbox(table, index: inboxes.count + 1) {
                    if let first = inboxes.firstIndex(where: { $0.name == inbox.name }) {
                        issue(table["name"], "inboxes[\(inboxes.count + 1)].name",
                              "duplicate inbox name “\(inbox.name)” (already used on line \(inboxLines[first])); names must be unique")
                    }
                    inboxes.append(inbox)
                    inboxLines.append(table["name"]?.line ?? table.line)
                    inboxPlaces.append((table["path"]?.line ?? table.line, "inboxes[\(inboxes.count)].path"))
                }
            case ("severity", false): readSeverity(table, into: &configuration)
            case ("mail", false): readMail(table, into: &configuration)
            default:
                let header = table.isArrayElement ? "[[\(table.name)]]" : "[\(table.name)]"
                issue(nil, table.name, "unknown table \(header); known: [folders], [[inboxes]], [severity], [mail]",
                      line: table.line)
            }
        }
        if sawInboxes { configuration.inboxes = inboxes }
        if sawInboxes && inboxes.isEmpty {
            issue(nil, "inboxes", "no valid inbox; define at least one [[inboxes]] with name and path")
        }
        checkOverlaps(configuration, lines: pathLines, inboxPlaces: sawInboxes ? inboxPlaces : [(0, "inboxes[1].path")])
        configuration.mail.inboxRecipients = Dictionary(
            configuration.inboxes.filter { !$0.recipients.isEmpty }.map { ($0.name, $0.recipients) },
            uniquingKeysWith: { first, _ in first })
        configuration.mail.spoolDirectory = configuration.state + "/mail"
        return configuration
    }

    // MARK: - Tables

    mutating func readRoot(_ table: TOMLDocument.Table, into configuration: inout DaemonConfiguration) {
        for entry in table.entries {
            let key = entry.key
            switch key {
            case "language":
                if let language = choice(entry, key, MessageLanguage.self, "a language") { configuration.check.language = language }
            case "log":
                if let output = choice(entry, key, LogOutput.self, "a log output") { configuration.log = output }
            case "size_limit":
                if let value = integer(entry, key, minimum: 1) { configuration.check.sizeLimit = value }
            case "concurrency":
                if let value = integer(entry, key, minimum: 0) {
                    configuration.concurrency = value == 0 ? DaemonConfiguration.processorCount : value
                }
            case "settle_time": if let value = seconds(entry, key, minimum: 0) { configuration.settleTime = value }
            case "settle_after_event":
                if let value = seconds(entry, key, minimum: 0) { configuration.settleAfterEvent = value }
            case "rescan_interval":
                if let value = seconds(entry, key, minimum: 1) { configuration.rescanInterval = value }
            case "poll_interval":
                if let value = seconds(entry, key, minimum: 0.1) { configuration.pollInterval = value }
            case "shutdown_timeout":
                if let value = seconds(entry, key, minimum: 0) { configuration.shutdownTimeout = value }
            case "ignore":
                if let patterns = strings(entry, key) {
                    if let empty = patterns.first(where: \.isEmpty) {
                        issue(entry, key, "empty pattern “\(empty)”; remove it")
                    } else {
                        configuration.ignore = patterns
                    }
                }
            case "result_format":
                if let text = string(entry, key) {
                    switch text {
                    case "pretty": configuration.prettyResults = true
                    case "line": configuration.prettyResults = false
                    default: issue(entry, key, "“\(text)” is not a result format; use \"pretty\" or \"line\"")
                    }
                }
            case "durability":
                if let durability = choice(entry, key, Durability.self, "a durability mode") { configuration.durability = durability }
            default:
                issue(entry, key, "unknown key; known top-level keys: language, log, size_limit, concurrency, "
                    + "settle_time, settle_after_event, rescan_interval, poll_interval, shutdown_timeout, ignore, "
                    + "result_format, durability (tables: [folders], [[inboxes]], [severity], [mail])")
            }
        }
    }

    mutating func readFolders(
        _ table: TOMLDocument.Table, into configuration: inout DaemonConfiguration,
        lines: inout [String: (line: Int, key: String)]
    ) {
        for entry in table.entries {
            let key = "folders." + entry.key
            guard let path = path(entry, key) else { continue }
            switch entry.key {
            case "processing": configuration.processing = path
            case "outbox": configuration.outbox = path
            case "accepted": configuration.accepted = path
            case "rejected": configuration.rejected = path
            case "state": configuration.state = path
            default:
                issue(entry, key, "unknown key; known: processing, outbox, accepted, rejected, state")
                continue
            }
            lines[entry.key] = (entry.line, key)
        }
    }

    mutating func readInbox(_ table: TOMLDocument.Table, index: Int) -> DaemonConfiguration.Inbox? {
        let prefix = "inboxes[\(index)]"
        var name: String?
        var path: String?
        var inbox = DaemonConfiguration.Inbox(name: "", path: "")
        for entry in table.entries {
            let key = "\(prefix).\(entry.key)"
            switch entry.key {
            case "name":
                guard let text = string(entry, key) else { continue }
                if text.isEmpty || text.count > 64 || !text.unicodeScalars.allSatisfy(Self.isNameScalar) {
                    issue(entry, key, "“\(text)” is not a valid inbox name; use 1–64 letters, digits, “_” or “-”")
                } else {
                    name = text
                }
            case "path": path = self.path(entry, key)
            case "recipients":
                if let list = strings(entry, key) {
                    if let bad = list.first(where: { !Self.isAddress($0) }) {
                        issue(entry, key, "“\(escapedForMessage(bad))” is not a mail address (name@domain)")
                    } else {
                        inbox.recipients = list
                    }
                }
            case "mode":
                if let text = string(entry, key) {
                    if let mode = DaemonConfiguration.Inbox.Mode(rawValue: text) {
                        inbox.mode = mode
                    } else {
                        issue(entry, key, "“\(text)” is not a mode; use \"inotify\", \"poll\" or \"auto\"")
                    }
                }
            default: issue(entry, key, "unknown key; known: name, path, recipients, mode")
            }
        }
        if table["name"] == nil { issue(nil, "\(prefix).name", "missing; every inbox needs a name", line: table.line) }
        if table["path"] == nil { issue(nil, "\(prefix).path", "missing; every inbox needs a path", line: table.line) }
        guard let name, let path else { return nil }
        inbox.name = name
        inbox.path = path
        return inbox
    }

    mutating func readSeverity(_ table: TOMLDocument.Table, into configuration: inout DaemonConfiguration) {
        for entry in table.entries {
            let key = "severity." + entry.key
            let code = FindingCode(rawValue: entry.key)
            guard code.isKnown else {
                issue(entry, key, "unknown finding code “\(entry.key)”; see the codes in report-format.md "
                    + "(e.g. T3_OTHER_SHARE)")
                continue
            }
            guard let text = string(entry, key) else { continue }
            guard let severity = Severity(rawValue: text) else {
                issue(entry, key, "“\(text)” is not a severity; use \"info\", \"warning\" or \"error\"")
                continue
            }
            configuration.check.severityOverrides[code] = severity
        }
    }

    mutating func readMail(_ table: TOMLDocument.Table, into configuration: inout DaemonConfiguration) {
        var mail = configuration.mail
        for entry in table.entries {
            let key = "mail." + entry.key
            switch entry.key {
            case "enabled": if let value = bool(entry, key) { mail.enabled = value }
            case "sender":
                if let text = string(entry, key) {
                    if Self.isAddress(text) { mail.sender = text } else {
                        issue(entry, key, "“\(escapedForMessage(text))” is not a mail address (name@domain)")
                    }
                }
            case "office":
                if let list = strings(entry, key) {
                    if let bad = list.first(where: { !Self.isAddress($0) }) {
                        issue(entry, key, "“\(escapedForMessage(bad))” is not a mail address (name@domain)")
                    } else {
                        mail.officeRecipients = list
                    }
                }
            case "sendmail":
                if let text = string(entry, key) {
                    if text.hasPrefix("/") { mail.sendmailPath = text } else {
                        issue(entry, key, "must be an absolute path such as \"/usr/sbin/sendmail\"")
                    }
                }
            case "sendmail_args": if let list = strings(entry, key) { mail.sendmailArguments = list }
            case "timeout": if let value = seconds(entry, key, minimum: 1) { mail.sendmailTimeout = value }
            case "coalesce": if let value = seconds(entry, key, minimum: 0) { mail.coalesceWindow = value }
            case "digest":
                if let text = string(entry, key) {
                    if let schedule = Self.digest(text) { mail.digest = schedule } else {
                        issue(entry, key, "“\(text)” is not a schedule; use \"daily HH:MM\", \"every N minutes\" or \"off\"")
                    }
                }
            case "expected_organizations": if let list = strings(entry, key) { mail.expectedOrganizations = list }
            default:
                issue(entry, key, "unknown key; known: enabled, sender, office, sendmail, sendmail_args, timeout, "
                    + "coalesce, digest, expected_organizations")
            }
        }
        configuration.mail = mail
    }

    // MARK: - Values

    mutating func string(_ entry: TOMLDocument.Entry, _ key: String) -> String? {
        guard case .string(let text) = entry.value else {
            issue(entry, key, "expected a string in quotes, found \(entry.value.typeName)")
            return nil
        }
        return text
    }

    /// A string naming one of `type`'s cases; otherwise an issue listing them (“… is not `noun`;
    /// use "a", "b" or "c"”).
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ entry: TOMLDocument.Entry, _ key: String, _ type: Value.Type, _ noun: String
    ) -> Value? where Value.RawValue == String {
        guard let text = string(entry, key) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let names = Value.allCases.map { "\"\($0.rawValue)\"" }
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        issue(entry, key, "“\(text)” is not \(noun); use \(list)")
        return nil
    }

    mutating func strings(_ entry: TOMLDocument.Entry, _ key: String) -> [String]? {
        guard case .array(let values) = entry.value else {
            issue(entry, key, "expected an array of strings such as [\"a\", \"b\"], found \(entry.value.typeName)")
            return nil
        }
        var texts: [String] = []
        for value in values {
            guard case .string(let text) = value else {
                issue(entry, key, "expected an array of strings; an element is \(value.typeName)")
                return nil
            }
            texts.append(text)
        }
        return texts
    }

    mutating func bool(_ entry: TOMLDocument.Entry, _ key: String) -> Bool? {
        guard case .bool(let value) = entry.value else {
            issue(entry, key, "expected true or false, found \(entry.value.typeName)")
            return nil
        }
        return value
    }

    mutating func integer(_ entry: TOMLDocument.Entry, _ key: String, minimum: Int) -> Int? {
        guard case .integer(let value) = entry.value else {
            issue(entry, key, "expected an integer, found \(entry.value.typeName)")
            return nil
        }
        guard value >= minimum else {
            issue(entry, key, "\(value) is too small; the least allowed is \(minimum)")
            return nil
        }
        return value
    }

    mutating func seconds(_ entry: TOMLDocument.Entry, _ key: String, minimum: Double) -> Double? {
        let value: Double
        switch entry.value {
        case .integer(let integer): value = Double(integer)
        case .float(let float): value = float
        default:
            issue(entry, key, "expected a number of seconds, found \(entry.value.typeName)")
            return nil
        }
        guard value >= minimum, value.isFinite else {
            issue(entry, key, "\(value) is out of range; the least allowed is \(minimum) seconds")
            return nil
        }
        return value
    }

    mutating func path(_ entry: TOMLDocument.Entry, _ key: String) -> String? {
        guard let text = string(entry, key) else { return nil }
        guard !text.isEmpty, !text.contains("\0") else {
            issue(entry, key, "empty path; give a folder such as \"var/inbox\"")
            return nil
        }
        return ConfigurationLoader.absolutePath(text, base: root)
    }

    // MARK: - Cross-checks

    mutating func checkOverlaps(
        _ configuration: DaemonConfiguration, lines: [String: (line: Int, key: String)],
        inboxPlaces: [(line: Int, key: String)]
    ) {
        var folders: [(label: String, path: String, place: (line: Int, key: String))] = [
            ("processing", configuration.processing, lines["processing"] ?? (0, "folders.processing")),
            ("outbox", configuration.outbox, lines["outbox"] ?? (0, "folders.outbox")),
            ("accepted", configuration.accepted, lines["accepted"] ?? (0, "folders.accepted")),
            ("rejected", configuration.rejected, lines["rejected"] ?? (0, "folders.rejected")),
            ("state", configuration.state, lines["state"] ?? (0, "folders.state")),
        ]
        for (index, inbox) in configuration.inboxes.enumerated() {
            let place = index < inboxPlaces.count ? inboxPlaces[index] : (0, "inboxes[\(index + 1)].path")
            folders.append(("inbox \(inbox.name)", inbox.path, place))
        }
        for (first, a) in folders.enumerated() {
            for b in folders[(first + 1)...] where Self.overlaps(a.path, b.path) {
                let place = b.place.line >= a.place.line ? b.place : a.place
                issue(nil, place.key,
                      "the \(b.label) folder \(b.path) overlaps the \(a.label) folder \(a.path); every folder must be "
                        + "separate (neither inside the other)", line: place.line)
            }
        }
    }

    static func overlaps(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b == "/" ? "/" : b + "/") || b.hasPrefix(a == "/" ? "/" : a + "/")
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || "<>,;\"".unicodeScalars.contains($0) }
    }

    static func digest(_ text: String) -> MailConfiguration.DigestSchedule? {
        let words = text.split(separator: " ")
        if words == ["off"] { return .off }
        if words.count == 2, words[0] == "daily" {
            let parts = words[1].split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
                let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            return .daily(hour: hour, minute: minute)
        }
        if words.count == 3, words[0] == "every", words[2] == "minutes" || words[2] == "minute",
            let minutes = Int(words[1]), minutes > 0
        {
            return .every(minutes: minutes)
        }
        return nil
    }

    func escapedForMessage(_ text: String) -> String { FileName(text).escaped }
}
