import Foundation
import Logging
import NianbaoCore
import Synchronization
import Testing

@testable import NianbaoMail

/// A temporary folder with a spool and a capturing stand-in for sendmail: a shell script that
/// exits with the status written in `exitcode`; when that is 0 it appends its standard input to
/// `captured.txt` (followed by an end marker), otherwise it counts the attempt in
/// `failed-attempts.txt`. Its arguments go to `arguments.txt`.
final class MailFixture: Sendable {
    let directory: String
    let sendmail: String
    let logs = LogCapture()

    static let endMarker = "=====NIANBAO-TEST-END====="

    init(installSendmail: Bool = true) throws {
        let base = FileManager.default.temporaryDirectory.path + "/nianbao-mail-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        directory = base
        sendmail = base + "/bin/sendmail"
        if installSendmail { try self.installSendmail() }
        try setExitCode(0)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var spool: String { directory + "/spool" }
    var capturePath: String { directory + "/captured.txt" }

    /// Writes the stand-in script (at ``sendmail``, or at `path`).
    func installSendmail(at path: String? = nil) throws {
        let target = path ?? sendmail
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            printf '%s\\n' "$*" >> '\(directory)/arguments.txt'
            code="$(cat '\(directory)/exitcode')"
            if [ "$code" = 0 ]; then
                cat >> '\(capturePath)'
                printf '\\n\(Self.endMarker)\\n' >> '\(capturePath)'
            else
                cat > /dev/null
                echo "$code $(date +%s.%N)" >> '\(directory)/failed-attempts.txt'
            fi
            exit "$code"

            """
        try script.write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
    }

    /// How many runs of the stand-in exited non-zero.
    var failedAttempts: Int {
        ((try? String(contentsOfFile: directory + "/failed-attempts.txt", encoding: .utf8)) ?? "")
            .split(separator: "\n").count
    }

    /// When each failed run happened (seconds since the epoch, from the stand-in itself).
    var failedAttemptTimes: [Double] {
        ((try? String(contentsOfFile: directory + "/failed-attempts.txt", encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    func setExitCode(_ code: Int) throws {
        try "\(code)\n".write(toFile: directory + "/exitcode", atomically: true, encoding: .utf8)
    }

    /// The configuration for this fixture: mail on, the stand-in, short windows and back-off.
    func configuration(
        coalesceWindow: Double = 0.3, digest: MailConfiguration.DigestSchedule = .off,
        office: [String] = ["office@example.gov.cn"], inboxRecipients: [String: [String]] = [:],
        expected: [String] = []
    ) -> MailConfiguration {
        MailConfiguration(
            enabled: true, sender: "nianbaod@example.gov.cn", officeRecipients: office,
            inboxRecipients: inboxRecipients, sendmailPath: sendmail, sendmailArguments: ["-t", "-oi"],
            sendmailTimeout: 5, coalesceWindow: coalesceWindow, digest: digest, expectedOrganizations: expected,
            spoolDirectory: spool, retryInitialDelay: 0.05, retryMaxDelay: 0.4)
    }

    func notifier(_ configuration: MailConfiguration) -> MailNotifier {
        MailNotifier(configuration: configuration, logger: logs.logger())
    }

    /// The messages the stand-in has received so far.
    func captured() -> [ParsedMessage] {
        guard let text = try? String(contentsOfFile: capturePath, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "\n\(Self.endMarker)\n").filter { !$0.isEmpty }.map(ParsedMessage.init)
    }

    /// Polls until `count` messages arrived (or the deadline passes) and returns them.
    func waitForMessages(_ count: Int, timeout: Double = 10) async throws -> [ParsedMessage] {
        try await poll(timeout: timeout) { self.captured().count >= count }
        return captured()
    }
}

/// Polls `condition` every 20 ms until it holds; fails the test when `timeout` passes first.
func poll(timeout: Double, _ what: String = "condition", _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() > deadline {
            Issue.record("timed out after \(timeout) s waiting for \(what)")
            throw CancellationError()
        }
        try await Task.sleep(nanoseconds: 20_000_000)
    }
}

/// A message as sendmail received it: unfolded headers and the decoded body.
struct ParsedMessage: Sendable {
    let raw: String
    let headerLines: [String]
    /// Header fields in order, names lower-cased, values unfolded (folding line breaks removed).
    let headers: [(name: String, value: String)]
    let bodyText: String

    init(_ raw: String) {
        self.raw = raw
        let parts = raw.components(separatedBy: "\n\n")
        let head = parts.first ?? ""
        headerLines = head.components(separatedBy: "\n")
        var fields: [(name: String, value: String)] = []
        for line in headerLines {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append(
                    (line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingSpaces()))
            }
        }
        headers = fields
        let body = parts.dropFirst().joined(separator: "\n\n")
        bodyText = MailText.decodeBase64(body).map { String(decoding: $0, as: UTF8.self) } ?? "<not base64>"
    }

    func values(_ name: String) -> [String] { headers.filter { $0.name == name.lowercased() }.map(\.value) }
    func header(_ name: String) -> String? { values(name).first }
    var subject: String { header("subject").flatMap(EncodedWord.decode) ?? "<undecodable>" }
    var recipients: [String] {
        (header("to") ?? "").split(separator: ",").map { String($0).trimmingSpaces() }
    }
}

/// A swift-log handler that keeps entries in memory.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged: [String: String] = [:]
            for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
                merged[key] = "\(value)"
            }
            capture.append(Entry(level: event.level, message: "\(event.message)", metadata: merged))
        }
    }
}

/// Check results built by hand.
enum Results {
    static func rejected(
        file: String = "报告.txt", organization: String? = "广州市越秀区大东街", year: Int? = 2020,
        findings: [Finding]? = nil
    ) -> CheckResult {
        let list =
            findings ?? [
                Finding(
                    code: .sectionMissing, location: "五",
                    zh: "缺少第五部分“收费及减免情况”。请补写该部分后重新提交。", en: "Section 5 is missing."),
                Finding(
                    code: .sectionMissing, location: "六",
                    zh: "缺少第六部分“存在的主要问题及改进情况”。请补写该部分后重新提交。", en: "Section 6 is missing."),
                Finding(code: .sec1TooLong, location: "一", zh: "第一部分过长，请精简。", en: "Section 1 is long."),
            ]
        return make(file: file, organization: organization, year: year, findings: list)
    }

    static func accepted(file: String = "合格.txt", organization: String? = "广州市越秀区北京街") -> CheckResult {
        make(file: file, organization: organization, year: 2020, findings: [])
    }

    static func make(file: String, organization: String?, year: Int?, findings: [Finding]) -> CheckResult {
        CheckResult(
            source: SourceInfo(
                name: file, inbox: "default", sha256: String(repeating: "ab", count: 32), bytes: 100, kind: .text,
                encoding: "utf-8"),
            report: Report(organization: organization, year: year), findings: findings,
            processedAt: Date(), durationMs: 1, language: .zh)
    }
}
