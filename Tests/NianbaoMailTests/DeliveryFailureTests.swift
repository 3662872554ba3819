import Foundation
import NianbaoJournal
import Testing

@testable import NianbaoMail

@Suite struct DeliveryFailureTests {
    func failures(_ fixture: MailFixture) -> [LogCapture.Entry] {
        fixture.logs.all.filter { $0.metadata[JournalField.messageID] == EventKind.mailFailed.messageID }
    }

    @Test func notificationsSurviveTempFailMissingBinaryAndRestartWithoutDuplicates() async throws {
        let fixture = try MailFixture()
        try fixture.setExitCode(75)
        let configuration = fixture.configuration(coalesceWindow: 0)
        let first = fixture.notifier(configuration)
        first.start()
        // Phase 1: sendmail exits 75 (EX_TEMPFAIL). Three inboxes give three notices.
        for inbox in ["east", "west", "north"] {
            first.record(Results.rejected(file: "\(inbox).txt"), inbox: inbox, resultPath: "/out/\(inbox).json")
        }
        try await poll(timeout: 10, "three notices queued and retried") {
            first.queuedMessages == 3 && fixture.failedAttempts >= 3
        }
        let tempFailures = failures(fixture)
        #expect(tempFailures.contains { $0.metadata["NIANBAO_MAIL_ERROR"]?.contains("退出码 75") == true })
        #expect(tempFailures.allSatisfy { $0.level == .warning && $0.metadata["NIANBAO_MAIL_MESSAGE_ID"] != "?" })

        // Phase 2: the binary disappears (a corrected path that does not exist yet).
        let later = fixture.directory + "/later/sendmail"
        var missing = configuration
        missing.sendmailPath = later
        first.reconfigure(missing)
        try await poll(timeout: 10, "a spawn failure") {
            failures(fixture).contains { $0.metadata["NIANBAO_MAIL_ERROR"]?.contains("无法启动") == true }
        }
        first.record(Results.rejected(file: "south.txt"), inbox: "south", resultPath: "/out/south.json")
        try await poll(timeout: 10, "four queued") { first.queuedMessages == 4 }

        // Restart in between: a new notifier on the same spool.
        first.shutdown()
        #expect(fixture.captured().isEmpty)
        let failuresBeforeRestart = failures(fixture).count
        let second = fixture.notifier(missing)
        second.start()
        defer { second.shutdown() }
        try await poll(timeout: 10, "a failure after the restart") { failures(fixture).count > failuresBeforeRestart }
        #expect(second.queuedMessages == 4)

        // Phase 3: sendmail appears and works: every notice arrives exactly once.
        try fixture.setExitCode(0)
        try fixture.installSendmail(at: later)
        try await poll(timeout: 15, "queue drained and sends logged") {
            second.queuedMessages == 0
                && fixture.logs.all.filter { $0.metadata[JournalField.messageID] == EventKind.mailSent.messageID }.count
                    >= 4
        }
        let messages = fixture.captured()
        #expect(messages.count == 4)
        #expect(Set(messages.compactMap { $0.header("message-id") }).count == 4)
        #expect(
            Set(messages.map(\.subject)) == Set(["east", "west", "north", "south"].map { "年报退回：广州市越秀区大东街《\($0).txt》" }))
        let sent = fixture.logs.all.filter { $0.metadata[JournalField.messageID] == EventKind.mailSent.messageID }
        #expect(sent.count == 4)
        #expect(
            Set(sent.compactMap { $0.metadata["NIANBAO_MAIL_MESSAGE_ID"] })
                == Set(messages.compactMap { $0.header("message-id") }))
    }

    @Test func backOffGrowsAndHoldsTheWholeQueue() async throws {
        let fixture = try MailFixture()
        try fixture.setExitCode(75)
        var configuration = fixture.configuration(coalesceWindow: 0)
        configuration.retryInitialDelay = 0.2
        configuration.retryMaxDelay = 0.8
        let notifier = fixture.notifier(configuration)
        notifier.start()
        defer { notifier.shutdown() }
        for index in 0..<10 {
            notifier.record(Results.rejected(file: "\(index).txt"), inbox: "inbox\(index)", resultPath: "r")
        }
        try await poll(timeout: 20, "five failed runs") { fixture.failedAttempts >= 5 }
        // Timed by the stand-in's own clock, from the first failed run to the fifth: a loaded machine
        // delays the test's polling, not the runs themselves.
        let times = fixture.failedAttemptTimes
        let elapsed = times.count >= 5 ? times[4] - times[0] : 0
        #expect(notifier.queuedMessages == 10)
        // With delays 0.2, 0.4, 0.8, 0.8… five runs take well over a second; one run per message
        // without a shared back-off would take a few milliseconds.
        #expect(elapsed > 1.0)
        let attempts = failures(fixture).compactMap { $0.metadata["NIANBAO_MAIL_ATTEMPT"].flatMap { Int($0) } }
        #expect(attempts.max() ?? 0 >= 3)
    }

    @Test func aHangingSendmailIsKilledWithItsChildrenAndRetried() async throws {
        let fixture = try MailFixture()
        let hanging = fixture.directory + "/bin/hanging-sendmail"
        let script = """
            #!/bin/sh
            sleep 60 &
            echo $! > '\(fixture.directory)/child.pid'
            wait

            """
        try script.write(toFile: hanging, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hanging)
        var configuration = fixture.configuration(coalesceWindow: 0)
        configuration.sendmailPath = hanging
        configuration.sendmailTimeout = 0.5
        let notifier = fixture.notifier(configuration)
        notifier.start()
        defer { notifier.shutdown() }
        notifier.record(Results.rejected(), inbox: "default", resultPath: "r")
        try await poll(timeout: 10, "a timeout") {
            failures(fixture).contains { $0.metadata["NIANBAO_MAIL_ERROR"]?.contains("已终止") == true }
        }
        let childPID = try String(contentsOfFile: fixture.directory + "/child.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The grandchild (like postdrop under sendmail) was killed with the group.
        try await poll(timeout: 5, "the grandchild gone") {
            let stat = try? String(contentsOfFile: "/proc/\(childPID)/stat", encoding: .utf8)
            return stat == nil || stat!.contains(") Z ")
        }
        configuration.sendmailPath = fixture.sendmail
        notifier.reconfigure(configuration)
        try await poll(timeout: 10, "queue drained") { notifier.queuedMessages == 0 }
        #expect(fixture.captured().count == 1)
    }

    @Test func recordingStaysFastWhileSendmailFails() async throws {
        let fixture = try MailFixture()
        try fixture.setExitCode(75)
        let notifier = fixture.notifier(fixture.configuration(coalesceWindow: 0.05))
        notifier.start()
        defer { notifier.shutdown() }
        let rejected = Results.rejected()
        let accepted = Results.accepted()
        let count = 20_000
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for index in 0..<count {
                notifier.record(
                    index % 4 == 0 ? rejected : accepted, inbox: "inbox\(index % 7)", resultPath: "/out/r.json")
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "record(): \(count) calls in \(String(format: "%.3f", seconds)) s = \(Int(Double(count) / seconds)) calls/s while sendmail fails"
        )
        // Everything recorded was counted: the digest (after the intake caught up) says so.
        try await poll(timeout: 20, "intake caught up") {
            (try? String(contentsOfFile: fixture.spool + "/state.json", encoding: .utf8)).map {
                $0.contains("\"accepted\":2143") && $0.contains("\"rejected\":715")
            } ?? false
        }
        try await poll(timeout: 10, "a failed sendmail run") { fixture.failedAttempts >= 1 }
        #expect(fixture.captured().isEmpty)
    }
}
