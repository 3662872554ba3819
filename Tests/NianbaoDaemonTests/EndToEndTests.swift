import Foundation
import Glibc
import NianbaoCore
import NianbaoJournal
import NianbaoMail
import Testing

/// The daemon as operations staff see it: a real `nianbaod run` writing to a real systemd-journald
/// (read back with `journalctl -o json`), and sending a rejection through the real Postfix.
@Suite("End to end: journal and mail", .serialized)
struct EndToEndTests {
    /// Whether a journald listens, starting a standalone one with `scripts/start-journald.sh` (as
    /// `make test` does) when none does. A socket file left by a dead journald does not count.
    static func journaldRunning() -> Bool {
        if JournalLogging.journalAvailable { return true }
        guard getuid() == 0 else { return false }
        let script = DaemonFixture.repositoryRoot + "/scripts/start-journald.sh"
        _ = system("/bin/sh '\(script)' >&2")
        return JournalLogging.journalAvailable
    }

    /// Runs a command and returns its standard output.
    static func output(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Journal entries with `field=value`, waiting until at least `count` are there.
    static func journalEntries(_ field: String, _ value: String, count: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let text = try output("/usr/bin/journalctl", ["-o", "json", "--no-pager", "\(field)=\(value)"])
            let entries = text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            if entries.count >= count || Date() > deadline { return entries }
            usleep(100_000)
        }
    }

    /// Starts the fixture's daemon with `--log journal`.
    static func startWithJournal(_ fixture: DaemonFixture) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonFixture.binary)
        process.arguments = ["run", "--config", fixture.configPath, "--log", "journal"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("one journal entry per file, with every field and the right values")
    func journalEntriesPerFile() throws {
        try #require(Self.journaldRunning(), "systemd-journald is not running and cannot be started (run as root)")
        let inbox = "e2e-" + UUID().uuidString.prefix(8).lowercased()
        let fixture = try DaemonFixture(inboxes: [(inbox, "var/inbox", nil)])
        let process = try Self.startWithJournal(fixture)
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        let names = SeedFixtureNames.all
        // Wait until the daemon has created its folders (it is ready), then drop the seeds.
        try fixture.waitUntil("the inbox exists", timeout: 30) { FileManager.default.fileExists(atPath: fixture.path("var/inbox")) }
        for (name, bytes) in zip(names, DaemonFixture.seeds) {
            try fixture.drop(bytes, name: Array(name.utf8))
        }
        try fixture.waitUntil("every seed is filed", timeout: 60) { fixture.filedCount() == names.count }

        let entries = try Self.journalEntries("NIANBAO_INBOX", inbox, count: names.count)
        #expect(entries.count == names.count, "one entry per file")
        let checker = ReportChecker()
        for (name, bytes) in zip(names, DaemonFixture.seeds) {
            let entry = try #require(entries.first { $0["NIANBAO_FILE"] as? String == name }, "entry for \(name)")
            let expected = checker.check(bytes: bytes, name: name)
            let rejected = expected.verdict == .rejected
            #expect(entry["SYSLOG_IDENTIFIER"] as? String == "nianbaod")
            #expect(entry["MESSAGE_ID"] as? String == (rejected ? EventKind.rejected : EventKind.accepted).messageID)
            #expect(entry["PRIORITY"] as? String == (rejected ? "4" : "6"))
            #expect(entry["NIANBAO_SHA256"] as? String == SHA256.hex(bytes))
            #expect(entry["NIANBAO_VERDICT"] as? String == expected.verdict.rawValue)
            // Unknown values are left out of the entry rather than sent empty.
            #expect(entry["NIANBAO_ORG"] as? String == expected.report?.organization)
            #expect(entry["NIANBAO_YEAR"] as? String == expected.report?.year.map(String.init))
            #expect(entry["NIANBAO_FORMAT"] as? String == expected.report?.format?.rawValue)
            #expect(entry["NIANBAO_ERRORS"] as? String == String(expected.errors.count))
            #expect(entry["NIANBAO_WARNINGS"] as? String == String(expected.warnings.count))
            #expect(entry["NIANBAO_CODES"] as? String == expected.codes.map(\.rawValue).joined(separator: ","))
            let resultPath = try #require(entry["NIANBAO_RESULT"] as? String)
            #expect(FileManager.default.fileExists(atPath: resultPath), "the result named in the journal exists")
            #expect(Double(entry["NIANBAO_DURATION_MS"] as? String ?? "") != nil)
            let message = try #require(entry["MESSAGE"] as? String)
            #expect(message.contains(rejected ? "退回" : "通过"), "Chinese summary: \(message)")
            #expect(message.contains(name))
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a rejected seed reaches the local mailbox through the real Postfix")
    func rejectionMailThroughPostfix() throws {
        let sendmail = "/usr/sbin/sendmail"
        guard FileManager.default.isExecutableFile(atPath: sendmail), getuid() == 0 else {
            Issue.record("Postfix is not installed or not root: run `sudo ./scripts/setup-postfix.sh` (make test does)")
            return
        }
        let marker = "e2e" + UUID().uuidString.prefix(8).lowercased()
        let name = "\(marker)-退回测试.txt"
        let mail = """
            [mail]
            enabled = true
            sender = "nianbaod@localhost"
            office = ["root@localhost"]
            sendmail = "\(sendmail)"
            coalesce = 1
            digest = "off"
            """
        let fixture = try DaemonFixture(extraConfig: mail)
        try fixture.start()
        let rejected = try #require(DaemonFixture.seeds.last, "seed 005")
        try fixture.drop(rejected, name: Array(name.utf8))
        try fixture.waitUntil("the seed is filed", timeout: 60) { fixture.filedCount() == 1 }

        // Poll root's mailbox for the message naming the file (headers are RFC 2047, bodies base64).
        var found: (subject: String, body: String)? = nil
        let deadline = Date().addingTimeInterval(90)
        while found == nil && Date() < deadline {
            let mailbox = (try? String(contentsOfFile: "/var/mail/root", encoding: .utf8)) ?? ""
            for message in mailbox.components(separatedBy: "\nFrom ") {
                guard let (subject, body) = Self.decode(message), subject.contains(marker) else { continue }
                found = (subject, body)
            }
            if found == nil { usleep(200_000) }
        }
        let message = try #require(found, "no mail naming \(name) arrived in /var/mail/root within 90 s")
        #expect(message.subject.contains("退回"), "subject: \(message.subject)")
        #expect(message.subject.contains("广州市越秀区大东街"), "subject names the body: \(message.subject)")
        #expect(message.body.contains("SECTION_MISSING"))
        #expect(message.body.contains("缺少第五部分"))
        #expect(message.body.contains(fixture.path("var/outbox")), "the body names the result's location")
        #expect(try fixture.terminate() == 0)
    }

    /// The decoded subject and body of one mbox message.
    static func decode(_ message: String) -> (String, String)? {
        guard let split = message.range(of: "\n\n") else { return nil }
        let headerText = message[..<split.lowerBound].replacingOccurrences(of: "\n ", with: " ")
        var subject = ""
        var base64 = false
        for line in headerText.split(separator: "\n") {
            if line.hasPrefix("Subject:") {
                let raw = line.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
                subject = EncodedWord.decode(raw) ?? raw
            }
            if line.lowercased().hasPrefix("content-transfer-encoding:") && line.lowercased().contains("base64") { base64 = true }
        }
        let bodyText = String(message[split.upperBound...])
        let body = base64
            ? String(decoding: MailText.decodeBase64(bodyText.filter { !$0.isWhitespace }) ?? [], as: UTF8.self) : bodyText
        return (subject, body)
    }
}

/// The seed file names in the order `DaemonFixture.seeds` loads them.
enum SeedFixtureNames {
    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: DaemonFixture.seedFolder)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }
}
