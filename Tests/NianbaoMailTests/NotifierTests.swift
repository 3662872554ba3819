import Foundation
import NianbaoCore
import NianbaoJournal
import Testing

@testable import NianbaoMail

@Suite struct NotifierTests {
    @Test func oneRejectionBecomesANoticeWithEveryFinding() async throws {
        let fixture = try MailFixture()
        let notifier = fixture.notifier(
            fixture.configuration(coalesceWindow: 0, inboxRecipients: ["default": ["clerk@yuexiu.gov.cn"]]))
        notifier.start()
        defer { notifier.shutdown() }
        notifier.record(Results.rejected(), inbox: "default", resultPath: "/srv/outbox/abc.json")
        notifier.record(Results.accepted(), inbox: "default", resultPath: "/srv/outbox/def.json")
        let message = try #require(try await fixture.waitForMessages(1).first)
        #expect(message.recipients == ["clerk@yuexiu.gov.cn"])
        #expect(message.subject == "年报退回：广州市越秀区大东街《报告.txt》")
        #expect(message.header("x-nianbao-kind") == "rejection")
        let body = message.bodyText
        #expect(body.contains("文件：报告.txt"))
        #expect(body.contains("机关：广州市越秀区大东街"))
        #expect(body.contains("检查结果：/srv/outbox/abc.json"))
        #expect(body.contains("错误（必须修改），共2项"))
        #expect(body.contains("[SECTION_MISSING] 位置：五；缺少第五部分“收费及减免情况”。请补写该部分后重新提交。"))
        #expect(body.contains("[SECTION_MISSING] 位置：六；"))
        #expect(body.contains("警告（请核对，不影响受理），共1项"))
        #expect(body.contains("[SEC1_TOO_LONG] 位置：一；第一部分过长，请精简。"))
        let arguments = try String(contentsOfFile: fixture.directory + "/arguments.txt", encoding: .utf8)
        #expect(arguments == "-t -oi\n")
        // Accepted files do not cause a notice.
        try await poll(timeout: 5, "empty spool") { notifier.queuedMessages == 0 }
        #expect(fixture.captured().count == 1)
        try await poll(timeout: 5, "the send logged") {
            fixture.logs.all.contains { $0.metadata[JournalField.messageID] == EventKind.mailSent.messageID }
        }
        let sent = fixture.logs.all.filter { $0.metadata[JournalField.messageID] == EventKind.mailSent.messageID }
        #expect(sent.count == 1)
        #expect(sent.first?.metadata["NIANBAO_MAIL_MESSAGE_ID"] == message.header("message-id"))
    }

    @Test func inboxWithoutRecipientsFallsBackToTheOffice() async throws {
        let fixture = try MailFixture()
        let notifier = fixture.notifier(fixture.configuration(coalesceWindow: 0, office: ["office@example.gov.cn"]))
        notifier.start()
        defer { notifier.shutdown() }
        notifier.record(Results.rejected(), inbox: "south", resultPath: "r.json")
        let message = try #require(try await fixture.waitForMessages(1).first)
        #expect(message.recipients == ["office@example.gov.cn"])
    }

    @Test func aBurstOfRejectionsBecomesOneMessage() async throws {
        let fixture = try MailFixture()
        let notifier = fixture.notifier(fixture.configuration(coalesceWindow: 1.0))
        notifier.start()
        defer { notifier.shutdown() }
        for index in 0..<300 {
            notifier.record(
                Results.rejected(file: "报告\(index).txt", organization: "机关\(index)"), inbox: "default",
                resultPath: "/out/\(index).json")
        }
        let messages = try await fixture.waitForMessages(1)
        // Let the window pass once more: nothing else may arrive.
        try await Task.sleep(nanoseconds: 1_500_000_000)
        #expect(fixture.captured().count == 1)
        let message = try #require(messages.first)
        #expect(message.subject == "年报退回：300份报告未通过检查（机关0《报告0.txt》等）")
        let body = message.bodyText
        #expect(body.contains("以下300份政府信息公开工作年度报告"))
        for index in 0..<NotifierState.maximumPending {
            #expect(body.contains("文件：报告\(index).txt\n"))
        }
        #expect(body.contains("另有100份报告在同一时段被退回"))
    }

    @Test func digestCountsReasonsAndMissingBodies() async throws {
        let fixture = try MailFixture()
        let configuration = fixture.configuration(
            coalesceWindow: 3600, office: ["office@example.gov.cn", "chief@example.gov.cn"],
            expected: ["广州市越秀区大东街", "广州市越秀区北京街", "广州市越秀区农林街", "广州市越秀区光塔街"])
        let notifier = fixture.notifier(configuration)
        notifier.start()
        defer { notifier.shutdown() }
        notifier.record(Results.rejected(organization: "广州市越秀区大东街"), inbox: "default", resultPath: "/out/1.json")
        notifier.record(Results.accepted(organization: "广州市越秀区北京街"), inbox: "default", resultPath: "/out/2.json")
        notifier.record(Results.accepted(organization: "广州市越秀区光塔街"), inbox: "north", resultPath: "/out/3.json")
        notifier.record(
            Results.rejected(
                file: "坏表格.docx", organization: "广州市越秀区光塔街",
                findings: [Finding(code: .t3Balance, location: "三/total", zh: "表三收支不平衡。请核对。", en: "x")]),
            inbox: "north", resultPath: "/out/4.json")
        try await poll(timeout: 5, "state saved") {
            (try? String(contentsOfFile: fixture.spool + "/state.json", encoding: .utf8))?.contains("坏表格") == true
        }
        notifier.sendDigestNow()
        let digest = try #require(try await fixture.waitForMessages(1).first)
        #expect(digest.header("x-nianbao-kind") == "digest")
        #expect(digest.recipients == ["office@example.gov.cn", "chief@example.gov.cn"])
        #expect(digest.subject.hasPrefix("年报检查汇总（"))
        #expect(digest.subject.hasSuffix("：收到4份，通过2份，退回2份"))
        let body = digest.bodyText
        #expect(body.contains("default：通过1份，退回1份"))
        #expect(body.contains("north：通过1份，退回1份"))
        #expect(body.contains("合计：通过2份，退回2份"))
        #expect(body.contains("[default] 报告.txt（广州市越秀区大东街，2020年度）"))
        #expect(body.contains("[SECTION_MISSING] 位置：五；缺少第五部分"))
        #expect(body.contains("[north] 坏表格.docx（广州市越秀区光塔街，2020年度）"))
        #expect(body.contains("[T3_BALANCE] 位置：三/total；表三收支不平衡。请核对。"))
        #expect(body.contains("应交4个，未交1个"))
        #expect(body.contains("   - 广州市越秀区农林街\n"))
        #expect(body.contains("尚无通过报告的机关（1个）：\n   - 广州市越秀区大东街"))
        // The digest resets its counts; the next one reports an empty period.
        notifier.sendDigestNow()
        let second = try #require(try await fixture.waitForMessages(2).last)
        #expect(second.subject.hasSuffix("：收到0份，通过0份，退回0份"))
        #expect(second.bodyText.contains("本时段未收到报告。"))
        #expect(second.bodyText.contains("应交4个，未交1个"))
    }

    @Test func digestCountsSurviveARestart() async throws {
        let fixture = try MailFixture()
        let configuration = fixture.configuration(coalesceWindow: 3600, digest: .daily(hour: 8, minute: 0))
        let first = fixture.notifier(configuration)
        first.start()
        first.record(Results.accepted(), inbox: "default", resultPath: "/out/1.json")
        first.record(Results.accepted(), inbox: "default", resultPath: "/out/2.json")
        first.shutdown()
        // The shutdown flushed the pending-free state; the digest has not gone out.
        #expect(fixture.captured().isEmpty)
        let second = fixture.notifier(configuration)
        second.start()
        defer { second.shutdown() }
        second.record(Results.rejected(), inbox: "default", resultPath: "/out/3.json")
        second.sendDigestNow()
        let digest = try #require(try await fixture.waitForMessages(1).first)
        #expect(digest.subject.hasSuffix("：收到3份，通过2份，退回1份"))
    }

    @Test func digestGoesOutOnItsSchedule() async throws {
        let fixture = try MailFixture()
        let configuration = fixture.configuration(coalesceWindow: 3600, digest: .every(minutes: 1))
        let notifier = fixture.notifier(configuration)
        notifier.start()
        notifier.record(Results.accepted(), inbox: "default", resultPath: "/out/1.json")
        notifier.shutdown()
        // Pretend the digest fell due while the daemon was down.
        let path = fixture.spool + "/state.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rewritten = text.replacing(/"nextDigestAt":[0-9.e+]+/, with: "\"nextDigestAt\":1000")
        #expect(rewritten != text)
        try rewritten.write(toFile: path, atomically: true, encoding: .utf8)
        let restarted = fixture.notifier(configuration)
        restarted.start()
        defer { restarted.shutdown() }
        let digest = try #require(try await fixture.waitForMessages(1).first)
        #expect(digest.subject.hasSuffix("：收到1份，通过1份，退回0份"))
    }

    @Test func hostileNamesAndConfigurationCannotInjectHeadersOrRecipients() async throws {
        let fixture = try MailFixture()
        var configuration = fixture.configuration(
            coalesceWindow: 0.2,
            inboxRecipients: [
                "default": [
                    "clerk@example.gov.cn", "x@example.com\nBcc: attacker@evil.example",
                    "y@evil.example, z@evil.example",
                ]
            ])
        configuration.senderName = "年报\r\nBcc: attacker@evil.example"
        let notifier = fixture.notifier(configuration)
        notifier.start()
        defer { notifier.shutdown() }
        let hostileFile = "报告.txt\r\nBcc: attacker@evil.example\r\n\r\nfake body"
        let hostileOrg = "大东街\nTo: attacker@evil.example"
        notifier.record(
            Results.rejected(
                file: hostileFile, organization: hostileOrg,
                findings: [
                    Finding(
                        code: .orgUnknown, severity: .error, location: "一\nCc: attacker@evil.example",
                        zh: "消息\r\nCc: a@evil.example", en: "")
                ]),
            inbox: "default", resultPath: "/out/x\ny.json")
        let message = try #require(try await fixture.waitForMessages(1).first)
        #expect(message.recipients == ["clerk@example.gov.cn"])
        for header in ["bcc", "cc"] { #expect(message.values(header).isEmpty) }
        #expect(message.values("to").count == 1)
        #expect(!message.raw.contains("evil.example"))
        for line in message.headerLines {
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 || $0 == "\t" })
        }
        #expect(message.subject.contains("《报告.txt\\r\\nBcc: attacker@evil.example\\r\\n\\r\\nfake body》"))
        #expect(message.bodyText.contains("文件：报告.txt\\r\\nBcc: attacker@evil.example\\r\\n\\r\\nfake body\n"))
        #expect(message.bodyText.contains("机关：大东街\\nTo: attacker@evil.example\n"))
        #expect(message.bodyText.contains("检查结果：/out/x\\ny.json\n"))
        // The two bad addresses were reported.
        #expect(fixture.logs.all.filter { $0.message.hasPrefix("邮件收件人地址无效") }.count == 2)
    }

    @Test func invalidSenderFallsBackToASafeAddress() async throws {
        let fixture = try MailFixture()
        var configuration = fixture.configuration(coalesceWindow: 0)
        configuration.sender = "nianbaod@example.gov.cn\nBcc: attacker@evil.example"
        let notifier = fixture.notifier(configuration)
        notifier.start()
        defer { notifier.shutdown() }
        notifier.record(Results.rejected(), inbox: "default", resultPath: "r.json")
        let message = try #require(try await fixture.waitForMessages(1).first)
        #expect(EncodedWord.decode(message.header("from") ?? "")?.hasSuffix("<nianbaod@localhost>") == true)
        #expect(!message.raw.contains("evil.example"))
    }

    @Test func disabledMailSendsNothing() async throws {
        let fixture = try MailFixture()
        var configuration = fixture.configuration(coalesceWindow: 0)
        configuration.enabled = false
        let notifier = fixture.notifier(configuration)
        notifier.start()
        notifier.record(Results.rejected(), inbox: "default", resultPath: "r.json")
        notifier.flushNotices()
        notifier.shutdown()
        #expect(fixture.captured().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.spool + "/queue"))
    }

    @Test func pendingNoticesAreSpooledAtShutdownAndSentOnceAfterRestart() async throws {
        let fixture = try MailFixture()
        try fixture.setExitCode(75)
        let configuration = fixture.configuration(coalesceWindow: 3600)
        let first = fixture.notifier(configuration)
        first.start()
        first.record(Results.rejected(file: "a.txt"), inbox: "default", resultPath: "/out/a.json")
        first.record(Results.rejected(file: "b.txt"), inbox: "default", resultPath: "/out/b.json")
        first.shutdown()
        #expect(first.queuedMessages == 1)
        let state = try String(contentsOfFile: fixture.spool + "/state.json", encoding: .utf8)
        #expect(state.contains("\"pending\":{}"))
        try fixture.setExitCode(0)
        let second = fixture.notifier(configuration)
        second.start()
        defer { second.shutdown() }
        try await poll(timeout: 10, "queue drained") { second.queuedMessages == 0 }
        let messages = fixture.captured()
        #expect(messages.count == 1)
        #expect(messages.first?.subject == "年报退回：2份报告未通过检查（广州市越秀区大东街《a.txt》等）")
    }

    @Test func pendingNoticesSurviveACrash() async throws {
        let fixture = try MailFixture()
        let running = fixture.notifier(fixture.configuration(coalesceWindow: 3600))
        running.start()
        defer { running.shutdown() }
        running.record(Results.rejected(file: "crash.txt"), inbox: "default", resultPath: "/out/c.json")
        try await poll(timeout: 5, "the rejection saved") {
            (try? String(contentsOfFile: fixture.spool + "/state.json", encoding: .utf8))?.contains("crash.txt") == true
        }
        // What a crash at this instant leaves on disk: a copy of the spool, taken while running.
        let copy = fixture.directory + "/crashed-spool"
        try FileManager.default.copyItem(atPath: fixture.spool, toPath: copy)
        var configuration = fixture.configuration(coalesceWindow: 0.1)
        configuration.spoolDirectory = copy
        let restarted = fixture.notifier(configuration)
        restarted.start()
        defer { restarted.shutdown() }
        let message = try #require(try await fixture.waitForMessages(1).first)
        #expect(message.subject == "年报退回：广州市越秀区大东街《crash.txt》")
    }
}
