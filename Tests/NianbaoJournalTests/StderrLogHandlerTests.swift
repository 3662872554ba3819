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

    @Test("escaping equals a scalar-by-scalar reference on 20,000 random byte strings (the fast path changes nothing)")
    func escapingAgreesWithReference() {
        // Pieces that the escaper treats differently: plain ASCII and Chinese, a space, quote,
        // backslash, =, controls, DEL, C1 controls (C2 85), no-break space (C2 A0), U+2028, a dash
        // (E2 80 94), an invalid byte and a cut-off sequence.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("Z9".utf8), Array("中文".utf8), [0x20], [0x22], [0x5C], [0x3D], [0x0A], [0x09], [0x01],
            [0x7F], [0xC2, 0x85], [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0x94], [0xFF], [0xE5, 0xB9],
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            // Half the strings use only pieces that need no escaping, so the fast path is taken often.
            let plain = round % 2 == 0
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += plain ? pieces[Int.random(in: 0...2, using: &generator)] : pieces.randomElement(using: &generator)!
            }
            #expect(LogTextEscaper.escapeValue(bytes) == Self.referenceValue(bytes), "\(bytes)")
            #expect(LogTextEscaper.escapeMessage(bytes) == Self.referenceEscape(bytes, quote: false, backslash: false), "\(bytes)")
        }
    }

    /// The escaping rules written out scalar by scalar, independently of the implementation.
    private static func referenceEscape(_ bytes: [UInt8], quote: Bool, backslash: Bool) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            // The longest valid UTF-8 sequence at `index`, or one invalid byte.
            var decoded: Unicode.Scalar? = nil
            var length = 1
            for candidate in 1...4 where index + candidate <= bytes.count {
                if let text = String(validating: bytes[index..<index + candidate], as: UTF8.self), text.unicodeScalars.count == 1 {
                    decoded = text.unicodeScalars.first
                    length = candidate
                    break
                }
            }
            index += length
            guard let scalar = decoded else {
                out += "\\x" + String(bytes[index - 1], radix: 16).leftPadded(to: 2)
                continue
            }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C where backslash: out += "\\\\"
            case 0x22 where quote: out += "\\\""
            case 0x00...0x1F, 0x7F: out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            case 0x80...0x9F, 0x2028, 0x2029: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func referenceValue(_ bytes: [UInt8]) -> String {
        let escaped = referenceEscape(bytes, quote: true, backslash: true)
        let quoted = bytes.isEmpty || escaped.utf8.count != bytes.count || bytes.contains { $0 == 0x20 || $0 == 0x3D || $0 == 0x22 }
        return quoted ? "\"" + escaped + "\"" : escaped
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

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
