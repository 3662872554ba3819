import Foundation
import NianbaoCore
import NianbaoDaemon
import NianbaoMail
import Testing

@Suite struct ConfigurationTests {
    static var exampleFile: String {
        DaemonFixture.repositoryRoot + "/config/nianbaod.toml"
    }

    @Test("The example configuration is valid and gives the fresh-clone defaults")
    func exampleIsValid() throws {
        let configuration = try ConfigurationLoader.load(path: Self.exampleFile)
        let root = URL(fileURLWithPath: Self.exampleFile).deletingLastPathComponent().deletingLastPathComponent().path
        #expect(configuration.inboxes == [DaemonConfiguration.Inbox(name: "default", path: root + "/var/inbox")])
        #expect(configuration.processing == root + "/var/processing")
        #expect(configuration.outbox == root + "/var/outbox")
        #expect(configuration.accepted == root + "/var/accepted")
        #expect(configuration.rejected == root + "/var/rejected")
        #expect(configuration.state == root + "/var/state")
        #expect(configuration.mail.spoolDirectory == root + "/var/state/mail")
        #expect(configuration.concurrency == DaemonConfiguration.processorCount)
        #expect(configuration.rescanInterval == 60)
        #expect(configuration.durability == .syncfs)
        #expect(configuration.mail.digest == .daily(hour: 8, minute: 0))
        #expect(!configuration.mail.enabled)
    }

    @Test("Every key of the example file is documented by a comment above it")
    func exampleDocumented() throws {
        let lines = try String(contentsOfFile: Self.exampleFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.contains(" = ") && !line.hasPrefix("#") {
            var previous = index - 1
            while previous >= 0, !lines[previous].hasPrefix("#"), lines[previous].contains(" = ") { previous -= 1 }
            #expect(previous >= 0 && lines[previous].hasPrefix("#"), "line \(index + 1) “\(line)” has no comment")
        }
    }

    @Test("durability is syncfs or fsync; anything else is named")
    func durabilityModes() throws {
        #expect(try ConfigurationLoader.parse("durability = \"fsync\"", root: "/srv").durability == .fsync)
        do {
            _ = try ConfigurationLoader.parse("durability = \"sometimes\"", root: "/srv")
            Issue.record("an unknown durability mode was accepted")
        } catch {
            #expect(error.issues.map { "\($0.line) \($0.key)" } == ["1 durability"])
            #expect(error.issues.first?.message.contains("\"syncfs\" or \"fsync\"") == true)
        }
    }

    @Test("Every mistake is named with its line and key")
    func mistakesNamed() {
        let text = """
            language = "fr"
            sizelimit = 3
            concurrency = "two"
            [folders]
            outbox = "var/inbox/out"
            [[inboxes]]
            name = "a"
            path = "var/inbox"
            [[inboxes]]
            name = "a"
            path = "var/other"
            mode = "push"
            [severity]
            NOPE = "error"
            T3_OTHER_SHARE = "fatal"
            [mail]
            digest = "weekly"
            sender = "a\\nBcc: x@y"
            x = {a = 1}
            """
        #expect(throws: ConfigurationErrors.self) { try ConfigurationLoader.parse(text, root: "/srv") }
        do {
            _ = try ConfigurationLoader.parse(text, root: "/srv")
        } catch {
            let found = error.issues.map { "\($0.line) \($0.key)" }
            #expect(found == [
                "1 language", "2 sizelimit", "3 concurrency", "8 inboxes[1].path", "10 inboxes[2].name",
                "12 inboxes[2].mode", "14 severity.NOPE", "15 severity.T3_OTHER_SHARE", "17 mail.digest",
                "18 mail.sender", "19 ",
            ])
            #expect(error.issues.first { $0.key == "inboxes[1].path" }?.message.contains("overlaps") == true)
        }
    }

    @Test("Severity overrides, mail table and modes map onto their types")
    func mapping() throws {
        let text = """
            concurrency = 3
            size_limit = 1_000
            ignore = ["*.bak"]
            [[inboxes]]
            name = "haizhu"
            path = "/srv/in/haizhu"
            recipients = ["clerk@example.org"]
            mode = "poll"
            [severity]
            T3_OTHER_SHARE = "error"
            [mail]
            enabled = true
            sender = "nianbao@example.org"
            office = ["office@example.org"]
            sendmail_args = ["-t"]
            digest = "every 15 minutes"
            """
        let configuration = try ConfigurationLoader.parse(text, root: "/srv/nianbao")
        #expect(configuration.concurrency == 3)
        #expect(configuration.check.sizeLimit == 1000)
        #expect(configuration.ignore == ["*.bak"])
        #expect(configuration.inboxes.first?.mode == .poll)
        #expect(configuration.check.severityOverrides == [.t3OtherShare: .error])
        #expect(configuration.mail.enabled && configuration.mail.sender == "nianbao@example.org")
        #expect(configuration.mail.inboxRecipients == ["haizhu": ["clerk@example.org"]])
        #expect(configuration.mail.digest == .every(minutes: 15))
        #expect(configuration.outbox == "/srv/nianbao/var/outbox")
    }

    @Test("The TOML subset: strings, escapes, arrays over lines, comments; unsupported forms are errors")
    func tomlSubset() throws {
        let document = try TOMLDocument.parse("""
            # comment
            a = "x\\ty\\u00e9" # trailing
            b = 'C:\\raw'
            c = [
              "one", # first
              "two",
            ]
            d = -1_000
            e = 2.5
            f = true
            """)
        let root = try #require(document.tables.first)
        #expect(root["a"]?.value == .string("x\tyé"))
        #expect(root["b"]?.value == .string("C:\\raw"))
        #expect(root["c"]?.value == .array([.string("one"), .string("two")]))
        #expect(root["c"]?.line == 4)
        #expect(root["d"]?.value == .integer(-1000))
        #expect(root["e"]?.value == .float(2.5))
        #expect(root["f"]?.value == .bool(true))
        let (_, errors) = TOMLDocument.parseRecovering("a.b = 1\nx = \"open\ny = 1\ny = 2\n[t]\n[t]\n")
        #expect(errors.map(\.line) == [1, 2, 4, 6])
    }
}
