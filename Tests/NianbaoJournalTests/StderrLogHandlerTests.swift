import Logging
import Synchronization
import Testing

@testable import NianbaoJournal

/// The stderr handler: one `<N>`-prefixed line per event, no value able to forge a line.
@Suite("Stderr handler format")
struct StderrLogHandlerTests {
    /// Collects what the handler writes.
    private final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ bytes: [UInt8]) {
            lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }
        var all: [String] { lines.withLock { $0 } }
    }

    private func logger(_ capture: Capture) -> Logger {
        var logger = Logger(label: "nianbaod.test") { label in
            StderrLogHandler(label: label, sink: { capture.append($0) })
        }
        logger.logLevel = .trace
        return logger
    }

    @Test("a rejection is one line: priority prefix, message, sorted KEY=value pairs")
    func rejectionLine() {
        let capture = Capture()
        logger(capture).warning(
            "已退回：报告.docx",
            metadata: [
                JournalField.messageID: .string(EventKind.rejected.messageID),
                JournalField.organization: "某某局",
                JournalField.file: "2025 年度报告.docx",
                JournalField.codes: "MISSING_SECTION,TABLE_SUM_MISMATCH",
                JournalField.errors: "2",
            ])
        #expect(
            capture.all == [
                "<4>已退回：报告.docx MESSAGE_ID=f0236e4a54d7414da5eb14183e43d882 NIANBAO_CODES=MISSING_SECTION,TABLE_SUM_MISMATCH NIANBAO_ERRORS=2 NIANBAO_FILE=\"2025 年度报告.docx\" NIANBAO_ORG=某某局\n"
            ])
    }

    @Test("newlines, quotes, control characters and invalid UTF-8 are escaped; one line per event")
    func hostileValuesStayOnOneLine() {
        let capture = Capture()
        logger(capture).error(
            "第一行\n<0>伪造的一行",
            metadata: [
                "NIANBAO_FILE": "a\nNIANBAO_VERDICT=accepted\r\tb \"q\" \\ \u{1B}[31m\u{2028}",
                "NIANBAO_INBOX": .bytes([0x69, 0xFF, 0x0A, 0xE5, 0xB9]),
                "NIANBAO_ORG": "",
            ])
        let lines = capture.all
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(line.filter { $0 == "\n" }.count == 1 && line.hasSuffix("\n"))
        #expect(
            line
                == "<3>第一行\\n<0>伪造的一行 NIANBAO_FILE=\"a\\nNIANBAO_VERDICT=accepted\\r\\tb \\\"q\\\" \\\\ \\x1b[31m\\u{2028}\" NIANBAO_INBOX=\"i\\xff\\n\\xe5\\xb9\" NIANBAO_ORG=\"\"\n"
        )
    }

    @Test("a message that already shows a name escaped is not escaped twice; its control characters still are")
    func messageBackslashesKept() {
        let capture = Capture()
        // What EventLog writes for a file named "b<newline>c.txt": the name already escaped.
        logger(capture).info("通过：b\\nc.txt\n", metadata: ["NIANBAO_FILE": "b\nc.txt"])
        #expect(capture.all == ["<6>通过：b\\nc.txt\\n NIANBAO_FILE=\"b\\nc.txt\"\n"])
    }

    @Test(
        "the prefix follows the level",
        arguments: [
            (Logger.Level.trace, "<7>"), (.debug, "<7>"), (.info, "<6>"), (.notice, "<5>"), (.warning, "<4>"),
            (.error, "<3>"), (.critical, "<2>"),
        ])
    func prefixes(level: Logger.Level, prefix: String) {
        let capture = Capture()
        logger(capture).log(level: level, "消息")
        #expect(capture.all == [prefix + "消息\n"])
    }

    @Test("an event's error is printed as ERROR")
    func errorField() {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "磁盘已满" }
        }
        let capture = Capture()
        logger(capture).error("写入失败", error: DiskFull())
        #expect(capture.all == ["<3>写入失败 ERROR=磁盘已满\n"])
    }

    @Test(
        "field names are sanitized",
        arguments: [
            ("NIANBAO_FILE", "NIANBAO_FILE"), ("request-id", "REQUEST_ID"), ("inbox.名称", "INBOX___"),
            ("_PID", "X_PID"), ("1st", "X1ST"), ("", "X"),
            (String(repeating: "a", count: 80), String(repeating: "A", count: 64)),
        ])
    func fieldNames(key: String, name: String) {
        #expect(JournalFieldName.sanitize(key) == name)
        #expect(JournalFieldName.isValid(name))
    }

    @Test("every JournalField name is already valid")
    func contractFieldsAreValid() {
        let names = [
            JournalField.messageID, JournalField.inbox, JournalField.file, JournalField.sha256, JournalField.verdict,
            JournalField.organization, JournalField.year, JournalField.format, JournalField.errors,
            JournalField.warnings, JournalField.codes, JournalField.result, JournalField.durationMs,
        ]
        for name in names { #expect(JournalFieldName.isValid(name), "\(name)") }
    }

    @Test("JournalBytes prints invalid bytes as \\xNN")
    func bytesDescription() {
        #expect(JournalBytes([0x61, 0xFF, 0xE5, 0xB9, 0xB4]).description == "a\\xff年")
    }
}
