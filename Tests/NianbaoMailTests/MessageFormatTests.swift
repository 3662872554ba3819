import Foundation
import Testing

@testable import NianbaoMail

@Suite struct MessageFormatTests {
    static let from = MailAddress("nianbaod@example.gov.cn")!

    func message(subject: String, body: String = "正文", fromName: String? = "年报检查服务", to: [String] = ["a@example.com"])
        -> ParsedMessage
    {
        let mail = MailMessage(
            from: Self.from, fromName: fromName, to: to.compactMap(MailAddress.init), subject: subject, body: body,
            date: Date(timeIntervalSince1970: 1_795_000_000), kind: "rejection")
        return ParsedMessage(String(decoding: mail.rendered(), as: UTF8.self))
    }

    @Test func requiredHeadersArePresentOnce() throws {
        let parsed = message(subject: "年报退回：测试")
        for name in [
            "Date", "Message-ID", "From", "To", "Subject", "MIME-Version", "Content-Type",
            "Content-Transfer-Encoding",
        ] {
            #expect(parsed.values(name).count == 1, "header \(name)")
        }
        #expect(parsed.header("content-type") == "text/plain; charset=UTF-8")
        #expect(parsed.header("content-transfer-encoding") == "base64")
        #expect(parsed.header("mime-version") == "1.0")
        let messageID = try #require(parsed.header("message-id"))
        #expect(messageID.hasPrefix("<") && messageID.hasSuffix("@example.gov.cn>"))
        let date = try #require(parsed.header("date"))
        #expect(date.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/) != nil)
        let fromValue = try #require(parsed.header("from"))
        #expect(fromValue.hasSuffix("<nianbaod@example.gov.cn>"))
        #expect(EncodedWord.decode(fromValue) == "年报检查服务 <nianbaod@example.gov.cn>")
    }

    @Test(arguments: [
        "年报退回：广州市越秀区大东街《2020年政府信息公开工作年度报告.docx》",
        "short",
        String(repeating: "很长的主题", count: 40),
        "混合 ASCII and 中文 with   spaces ",
        "emoji 👨‍👩‍👧‍👦 家庭 and 𠀀 beyond BMP",
    ])
    func subjectsRoundTripThroughEncodedWords(subject: String) throws {
        let parsed = message(subject: subject)
        #expect(parsed.subject == subject)
        let subjectLines = parsed.headerLines.drop(while: { !$0.hasPrefix("Subject:") }).prefix(while: {
            $0.hasPrefix("Subject:") || $0.hasPrefix(" ")
        })
        for word in subjectLines.joined().split(separator: " ") where word.hasPrefix("=?") {
            #expect(word.count <= EncodedWord.maximumLength)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            // Each word decodes on its own: no character is split between words.
            #expect(EncodedWord.decode(String(word)) != nil)
        }
    }

    @Test func allHeaderLinesStayWithinLimits() {
        let parsed = message(
            subject: String(repeating: "主题", count: 100), fromName: String(repeating: "发件人", count: 30),
            to: (1...20).map { "recipient\($0)@department\($0).example.gov.cn" })
        for line in parsed.headerLines {
            #expect(line.utf8.count <= 78, "header line too long: \(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 || $0 == "\t") })
        }
        #expect(parsed.recipients.count == 20)
    }

    @Test func bodyIsBase64InShortLinesAndDecodes() {
        let body = String(repeating: "第一部分：总体情况。本机关认真贯彻落实《条例》。\n", count: 50) + "结束"
        let mail = MailMessage(
            from: Self.from, fromName: nil, to: [MailAddress("a@b.cn")!], subject: "s", body: body, date: Date(),
            kind: "digest")
        let text = String(decoding: mail.rendered(), as: UTF8.self)
        let encodedBody = text.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        for line in encodedBody.split(separator: "\n") {
            #expect(line.count <= 76)
            #expect(line.allSatisfy { $0.isLetter || $0.isNumber || "+/=".contains($0) })
        }
        #expect(ParsedMessage(text).bodyText == body + "\n")
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            #expect(MailText.base64(bytes) == Data(bytes).base64EncodedString())
            #expect(MailText.decodeBase64(Data(bytes).base64EncodedString()) == bytes)
        }
        #expect(MailText.decodeBase64("a$==") == nil)
    }

    @Test func decoderHandlesQEncodingAndPlainText() {
        #expect(EncodedWord.decode("=?utf-8?Q?caf=C3=A9_au_lait?=") == "café au lait")
        #expect(EncodedWord.decode("plain text") == "plain text")
        #expect(EncodedWord.decode("=?UTF-8?B?5bm0?= =?UTF-8?B?5oql?=") == "年报")
        #expect(EncodedWord.decode("=?ISO-2022-JP?B?GyRC?=") == nil)
    }

    @Test(arguments: [
        "x@example.com\nBcc: attacker@evil.example",
        "x@example.com\r\nBcc: attacker@evil.example",
        "x@example.com, attacker@evil.example",
        "Someone <x@example.com>",
        "\"quoted\"@example.com",
        "x@exa mple.com",
        "x@example.com\u{0}",
        "|/bin/sh@localhost",
        "x@@example.com",
        "",
        "x@-bad-.com",
    ])
    func invalidAddressesAreRefused(address: String) {
        #expect(MailAddress(address) == nil)
    }

    @Test(arguments: ["root", "root@localhost", "zhang.san+nianbao@gz.gov.cn", " office@example.gov.cn "])
    func validAddressesAreAccepted(address: String) {
        #expect(MailAddress(address) != nil)
    }

    @Test func controlCharactersInSubjectAndSenderNameCannotAddHeaders() throws {
        let hostile = "报告.txt\r\nBcc: attacker@evil.example\nX-Injected: yes\u{85}\u{2028}Subject: fake"
        let parsed = message(subject: hostile, body: hostile, fromName: "年报\r\nBcc: attacker@evil.example")
        #expect(parsed.values("bcc").isEmpty)
        #expect(parsed.values("x-injected").isEmpty)
        #expect(parsed.values("subject").count == 1)
        #expect(parsed.values("from").count == 1)
        #expect(!parsed.raw.contains("attacker@evil.example"))
        // The subject still says what the name was, visibly escaped.
        #expect(parsed.subject.contains("报告.txt\\r\\nBcc: attacker@evil.example\\nX-Injected: yes"))
        #expect(!parsed.subject.contains("\n") && !parsed.subject.contains("\r"))
    }

    @Test func visibleEscapesEveryControlCharacter() {
        #expect(
            MailText.visible("a\nb\rc\td\u{1B}[31m\u{7F}\u{202E}e\\") == "a\\nb\\rc\\td\\u{1B}[31m\\u{7F}\\u{202E}e\\\\"
        )
        #expect(MailText.visible("正常的名字 report (1).docx") == "正常的名字 report (1).docx")
    }

    @Test func configurationProblemsNameTheKey() {
        var configuration = MailConfiguration(
            enabled: true, sender: "bad\nBcc: x@y", officeRecipients: ["ok@a.cn", "no way"])
        configuration.inboxRecipients = ["south": ["also bad@"]]
        configuration.sendmailPath = "sendmail"
        configuration.digest = .daily(hour: 25, minute: 0)
        let problems = configuration.problems
        #expect(problems.contains { $0.hasPrefix("mail.sender:") && $0.contains("\\n") })
        #expect(problems.contains { $0.hasPrefix("mail.office:") && $0.contains("no way") })
        #expect(problems.contains { $0.contains("inboxes \"south\" recipients") })
        #expect(problems.contains { $0.hasPrefix("mail.sendmail:") })
        #expect(problems.contains { $0.hasPrefix("mail.digest:") })
        #expect(MailConfiguration(enabled: true, officeRecipients: ["office@example.gov.cn"]).problems.isEmpty)
    }

    @Test func dailyScheduleFiresAtTheNextLocalTime() throws {
        let now = Date()
        let next = try #require(MailClock.next(.daily(hour: 8, minute: 30), after: now))
        #expect(next > now && next.timeIntervalSince(now) <= 86_400 + 3600)
        #expect(MailClock.display(next).hasSuffix("08:30:00"))
        #expect(MailClock.next(.every(minutes: 15), after: now) == now.addingTimeInterval(900))
        #expect(MailClock.next(.off, after: now) == nil)
    }
}
