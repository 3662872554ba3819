import Glibc
import Logging
import NianbaoTestSupport
import Testing

@testable import NianbaoJournal

/// The journal handler against a real systemd-journald, read back with `journalctl -o json`.
@Suite("Journal handler against a real journald")
struct JournalLogHandlerTests {
    private static let markerField = "NIANBAO_TEST_MARKER"
    /// Not "nianbaod": the daemon's end-to-end tests count entries of nianbaod in the same journal.
    private static let identifier = "nianbaod-test"

    private func logger(marker: String) throws -> Logger {
        try JournalTestSupport.ensureJournald()
        var logger = Logger(label: "nianbaod.test") { JournalLogHandler(label: $0, identifier: Self.identifier) }
        logger.logLevel = .trace
        logger[metadataKey: Self.markerField] = .string(marker)
        return logger
    }

    @Test("a rejection carries MESSAGE, PRIORITY, identifier, MESSAGE_ID and every NIANBAO_ field")
    func everyFieldArrives() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        let metadata: Logger.Metadata = [
            JournalField.messageID: .string(EventKind.rejected.messageID),
            JournalField.inbox: "default",
            JournalField.file: "2025年度报告.docx",
            JournalField.sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            JournalField.verdict: "rejected",
            JournalField.organization: "某某市人民政府办公室",
            JournalField.year: "2025",
            JournalField.format: "docx",
            JournalField.errors: "2",
            JournalField.warnings: "1",
            JournalField.codes: "MISSING_SECTION,TABLE_SUM_MISMATCH",
            JournalField.result: "/var/lib/nianbaod/outbox/9f86d081.json",
            JournalField.durationMs: "12",
        ]
        logger.warning("已退回：2025年度报告.docx（某某市人民政府办公室 2025）缺少第五、六部分", metadata: metadata)

        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("MESSAGE") == "已退回：2025年度报告.docx（某某市人民政府办公室 2025）缺少第五、六部分")
        #expect(entry.string("PRIORITY") == "4")
        #expect(entry.string("SYSLOG_IDENTIFIER") == Self.identifier)
        for (key, value) in metadata {
            #expect(entry.string(key) == value.description, "field \(key)")
        }
        #expect(entry.string("CODE_FUNC") == "everyFieldArrives()")
        #expect(entry.string("CODE_FILE")?.hasSuffix("JournalLogHandlerTests.swift") == true)
    }

    @Test("each code of NIANBAO_CODES is also a NIANBAO_CODE value, so journalctl can match one code")
    func codesAreMatchable() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        logger.warning("两个问题", metadata: [JournalField.codes: "MISSING_SECTION, TABLE_SUM_MISMATCH"])
        logger.warning("一个问题", metadata: [JournalField.codes: ["YEAR_MISMATCH"]])
        logger.info("没有问题", metadata: [JournalField.codes: ""])
        let all = try JournalTestSupport.entries(where: Self.markerField, equals: marker, count: 3)
        #expect(all.count == 3)
        let both = try JournalTestSupport.entries(
            where: JournalField.code, equals: "TABLE_SUM_MISMATCH", extraArguments: ["\(Self.markerField)=\(marker)"])
        #expect(both.count == 1)
        #expect(both.first?.string("MESSAGE") == "两个问题")
        #expect(
            both.first?.fields[JournalField.code] == [Array("MISSING_SECTION".utf8), Array("TABLE_SUM_MISMATCH".utf8)])
        let one = try JournalTestSupport.entries(
            where: JournalField.code, equals: "YEAR_MISMATCH", extraArguments: ["\(Self.markerField)=\(marker)"])
        #expect(one.map { $0.string("MESSAGE") } == ["一个问题"])
        #expect(all.first { $0.string("MESSAGE") == "没有问题" }?.fields[JournalField.code] == nil)
    }

    @Test("values with newlines, NUL and invalid UTF-8 arrive byte-exact, alone in their field")
    func binaryValuesArriveExactly() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        let invalidName: [UInt8] = [0x62, 0x61, 0x64, 0xFF, 0xFE, 0x0A, 0xE5, 0xB9, 0x2E, 0x74, 0x78, 0x74]
        logger.info(
            "第一行\n第二行 PRIORITY=0",
            metadata: [
                JournalField.file: "a\nNIANBAO_VERDICT=accepted\nb.docx",
                JournalField.organization: "with\0nul",
                JournalField.inbox: .bytes(invalidName),
            ])

        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("MESSAGE") == "第一行\n第二行 PRIORITY=0")
        #expect(entry.string("PRIORITY") == "6")
        #expect(entry.string(JournalField.file) == "a\nNIANBAO_VERDICT=accepted\nb.docx")
        #expect(entry.fields[JournalField.verdict] == nil, "a newline in a value must not forge a field")
        #expect(entry.bytes(JournalField.organization) == Array("with\0nul".utf8))
        #expect(entry.bytes(JournalField.inbox) == invalidName)
    }

    @Test(
        "PRIORITY follows the level",
        arguments: [
            (Logger.Level.trace, "7"), (.debug, "7"), (.info, "6"), (.notice, "5"), (.warning, "4"), (.error, "3"),
            (.critical, "2"),
        ])
    func priorityMapping(level: Logger.Level, priority: String) throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        logger.log(level: level, "级别 \(level.rawValue)")
        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("PRIORITY") == priority)
    }

    @Test("metadata keys become valid field names; reserved names cannot be replaced")
    func keysAreSanitized() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        logger.error(
            "键名",
            metadata: [
                "request-id": "r1", "inbox.name": "北京", "_PID": "1", "9lives": "cat", "priority": "0",
                "codes": ["A", "B", "C"],
            ])
        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("REQUEST_ID") == "r1")
        #expect(entry.string("INBOX_NAME") == "北京")
        #expect(entry.string("X_PID") == "1")
        #expect(entry.string("X9LIVES") == "cat")
        #expect(entry.string("X_PRIORITY") == "0")
        #expect(entry.fields["PRIORITY"] == [Array("3".utf8)])
        #expect(entry.string("CODES") == "A,B,C")
        #expect(entry.string("_PID") != "1", "journald's trusted _PID stays the sender's")
    }

    @Test("a value too large for one datagram still arrives")
    func largeValueArrives() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        let large = String(repeating: "年度报告", count: 100_000)
        logger.info("大字段", metadata: ["NIANBAO_LARGE": .string(large)])
        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("NIANBAO_LARGE") == large)
    }

    @Test("the handler's, the provider's and the event's metadata are merged, the event's winning")
    func metadataMerging() throws {
        try JournalTestSupport.ensureJournald()
        let marker = JournalTestSupport.uniqueMarker()
        let provider = Logger.MetadataProvider { ["NIANBAO_FROM_PROVIDER": "p", "NIANBAO_OVERRIDDEN": "provider"] }
        var logger = Logger(label: "nianbaod.test") {
            JournalLogHandler(label: $0, identifier: Self.identifier, metadataProvider: provider)
        }
        logger[metadataKey: Self.markerField] = .string(marker)
        logger[metadataKey: "NIANBAO_FROM_HANDLER"] = "h"
        logger.info("合并", metadata: ["NIANBAO_OVERRIDDEN": "event"])
        let entry = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(entry.string("NIANBAO_FROM_PROVIDER") == "p")
        #expect(entry.string("NIANBAO_FROM_HANDLER") == "h")
        #expect(entry.fields["NIANBAO_OVERRIDDEN"] == [Array("event".utf8)])
    }

    @Test("the default SYSLOG_IDENTIFIER is nianbaod; a cursor limits a query to later entries")
    func defaultIdentifier() throws {
        try JournalTestSupport.ensureJournald()
        let marker = JournalTestSupport.uniqueMarker()
        let logger = Logger(label: "nianbaod.test") { JournalLogHandler(label: $0) }
        logger.info("标识 1", metadata: [Self.markerField: .string(marker)])
        let first = try #require(try JournalTestSupport.entries(where: Self.markerField, equals: marker).first)
        #expect(first.string("SYSLOG_IDENTIFIER") == "nianbaod")

        // The cursor of entry 1 itself: "the journal's last entry" (`journalctl -n 0 --show-cursor`)
        // is not reliably before entry 2 when the journal holds files from earlier journald runs.
        let cursor = try #require(first.string("__CURSOR"))
        logger.info("标识 2", metadata: [Self.markerField: .string(marker)])
        _ = try JournalTestSupport.entries(where: Self.markerField, equals: marker, count: 2)
        let later = try JournalTestSupport.entries(
            where: Self.markerField, equals: marker, extraArguments: ["--after-cursor=\(cursor)"])
        #expect(later.map { $0.string("MESSAGE") } == ["标识 2"])
    }

    @Test("auto chooses the journal when its socket answers")
    func autoChoosesJournal() throws {
        try JournalTestSupport.ensureJournald()
        #expect(JournalLogging.journalAvailable)
        #expect(JournalLogging.resolve(.auto) == .journal)
        #expect(JournalLogging.resolve(.stderr) == .stderr)
    }

    @Test("a socket file nobody listens on is not a journal")
    func staleSocketIsNotAJournal() throws {
        let listener = try NotifyListener()
        #expect(JournalLogging.datagramSocketListens(at: listener.path), "bound and open: it listens")
        // What a killed journald or a machine image leaves behind: the file, no listener.
        listener.closeKeepingFile()
        var status = stat()
        #expect(stat(listener.path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK, "the file stays")
        #expect(!JournalLogging.datagramSocketListens(at: listener.path), "closed: a stale file")
        #expect(!JournalLogging.datagramSocketListens(at: listener.path + ".missing"))
    }

    @Test("a burst arrives complete and in order after flush()")
    func burstArrivesInOrder() throws {
        let marker = JournalTestSupport.uniqueMarker()
        let logger = try logger(marker: marker)
        let count = 2000
        for index in 0..<count {
            logger.info("报告 \(index)", metadata: [JournalField.file: .string("\(index).docx")])
        }
        #expect(JournalLogging.flush(timeout: 60))
        let entries = try JournalTestSupport.entries(
            where: Self.markerField, equals: marker, count: count, timeout: 60)
        #expect(entries.map { $0.string(JournalField.file) } == (0..<count).map { "\($0).docx" })
    }

    @Test("a full backlog makes the caller wait instead of dropping entries")
    func backPressureLosesNothing() throws {
        try JournalTestSupport.ensureJournald()
        let marker = JournalTestSupport.uniqueMarker()
        let writer = JournalWriter(capacity: 2)
        for index in 0..<300 {
            writer.enqueue([
                .init(name: "MESSAGE", value: Array("背压 \(index)".utf8)),
                .init(name: Self.markerField, value: Array(marker.utf8)),
            ]) { [] }
        }
        #expect(writer.flush(timeout: 60))
        let entries = try JournalTestSupport.entries(where: Self.markerField, equals: marker, count: 300)
        #expect(entries.count == 300)
        #expect(entries.last?.string("MESSAGE") == "背压 299")
    }
}
