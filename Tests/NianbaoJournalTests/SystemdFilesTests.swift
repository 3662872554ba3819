import Foundation
import Glibc
import Testing

/// systemd/: the unit passes systemd-analyze, sysusers and tmpfiles create what they promise,
/// `make install` puts everything in place, and Postfix's sendmail works under NoNewPrivileges=.
@Suite("systemd files and installation")
struct SystemdFilesTests {
    /// A scratch copy of the unit (and its Postfix drop-in) whose ExecStart names a real executable.
    private func scratchUnit() throws -> (folder: String, unit: String) {
        let folder = try RepositoryFiles.scratchFolder("unit")
        try RepositoryFiles.writeExecutable(folder + "/nianbaod")
        let text = try RepositoryFiles.text("nianbaod.service")
            .replacingOccurrences(of: "/usr/bin/nianbaod", with: folder + "/nianbaod")
        #expect(text.contains("ExecStart=\(folder)/nianbaod run --config /etc/nianbaod/nianbaod.toml"))
        try text.write(toFile: folder + "/nianbaod.service", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            atPath: folder + "/nianbaod.service.d", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: RepositoryFiles.systemd("nianbaod.service.d/50-postfix.conf"),
            toPath: folder + "/nianbaod.service.d/50-postfix.conf")
        return (folder, folder + "/nianbaod.service")
    }

    /// `Key=value` settings of the unit, in order.
    private func settings() throws -> [(key: String, value: String)] {
        try RepositoryFiles.text("nianbaod.service").split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test("systemd-analyze verify passes on the unit with its drop-in, without a single warning")
    func verifyPasses() throws {
        let (folder, unit) = try scratchUnit()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try JournalTestSupport.run("/usr/bin/systemd-analyze", ["verify", unit])
        #expect(result.status == 0)
        #expect(result.errorText.isEmpty && result.outputText.isEmpty, "\(result.errorText)\(result.outputText)")

        // And it does catch mistakes: a drop-in with an unknown key is reported.
        try "[Service]\nNoSuchSetting=1\n".write(
            toFile: folder + "/nianbaod.service.d/99-broken.conf", atomically: true, encoding: .utf8)
        let broken = try JournalTestSupport.run("/usr/bin/systemd-analyze", ["verify", unit])
        #expect(broken.errorText.contains("NoSuchSetting"))
    }

    @Test("systemd-analyze security rates the unit's exposure at most 1.0 (SAFE)")
    func securityExposure() throws {
        let (folder, unit) = try scratchUnit()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try JournalTestSupport.run(
            "/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", unit])
        #expect(result.status == 0, "\(result.errorText)")
        let line = try #require(
            result.outputText.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let figure = try #require(
            line.split(separator: " ").compactMap { Double($0) }.first, "no figure in \(line)")
        print("systemd-analyze security: \(line)")
        #expect(figure <= 1.0, "\(line)")
    }

    @Test("the unit is a notify service with watchdog, reload, restart, no log rate limit, static user")
    func unitSettings() throws {
        let settings = try settings()
        func value(_ key: String) -> String? { settings.last { $0.key == key }?.value }
        #expect(value("Type") == "notify")
        #expect(value("WatchdogSec") == "60s")
        #expect(value("ExecReload") == "/bin/kill -HUP $MAINPID")
        #expect(value("Restart") == "on-failure")
        #expect(value("LogRateLimitIntervalSec") == "0")
        #expect(value("User") == "nianbaod")
        #expect(value("NoNewPrivileges") == "yes")
        #expect(value("ProtectSystem") == "strict")
        #expect(value("SystemCallFilter") == "@system-service")
        #expect(value("DynamicUser") == nil)
        #expect(
            settings.filter { $0.key == "ReadWritePaths" }.map(\.value) == [
                "/var/lib/nianbaod", "-/var/spool/postfix/maildrop",
            ])
        let dropIn = try RepositoryFiles.text("nianbaod.service.d/50-postfix.conf")
        #expect(dropIn.contains("\nSupplementaryGroups=postdrop\n"))
    }

    @Test("sysusers and tmpfiles create the user, the shared group and the folders in a scratch root")
    func usersAndFolders() throws {
        let root = try RepositoryFiles.scratchFolder("root")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        let users = try JournalTestSupport.run(
            "/usr/bin/systemd-sysusers", ["--root=\(root)", RepositoryFiles.systemd("nianbaod.sysusers")])
        #expect(users.status == 0, "\(users.errorText)")
        let passwd = try String(contentsOfFile: root + "/etc/passwd", encoding: .utf8)
        let group = try String(contentsOfFile: root + "/etc/group", encoding: .utf8)
        let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("nianbaod:") })
        let fields = user.split(separator: ":", omittingEmptySubsequences: false)
        #expect(Int(fields[2]).map { $0 > 0 && $0 < 1000 } == true, "a system UID")
        #expect(fields[5] == "/var/lib/nianbaod" && fields[6] == "/usr/sbin/nologin")
        let submit = try #require(group.split(separator: "\n").first { $0.hasPrefix("nianbao-submit:") })
        #expect(submit.hasSuffix(":nianbaod"), "nianbaod is a member of nianbao-submit")

        let folders = try JournalTestSupport.run(
            "/usr/bin/systemd-tmpfiles", ["--root=\(root)", "--create", RepositoryFiles.systemd("nianbaod.tmpfiles")])
        #expect(folders.status == 0, "\(folders.errorText)")
        let submitGID = try #require(UInt32(submit.split(separator: ":")[2]))
        let expected: [(String, mode_t, Bool)] = [
            ("", 0o751, false), ("inbox", 0o3770, true), ("processing", 0o750, false), ("outbox", 0o2750, true),
            ("accepted", 0o2750, true), ("rejected", 0o2750, true), ("state", 0o750, false),
            ("state/mail", 0o750, false),
        ]
        for (name, mode, shared) in expected {
            var status = stat()
            let path = root + "/var/lib/nianbaod/" + name
            #expect(stat(path, &status) == 0, "\(path) missing")
            #expect(status.st_mode & 0o7777 == mode, "\(name): mode \(String(status.st_mode & 0o7777, radix: 8))")
            #expect((status.st_gid == submitGID) == shared, "\(name): group")
            #expect(status.st_uid == UInt32(fields[2])!, "\(name): owner")
        }
    }

    @Test("the sysctl snippet raises the inotify queue above a 50,000-file burst")
    func sysctlSnippet() throws {
        var values: [String: Int] = [:]
        for line in try RepositoryFiles.text("90-nianbaod-inotify.conf").split(separator: "\n")
        where !line.hasPrefix("#") {
            let parts = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = Int(parts[1]) }
        }
        #expect(values.keys.sorted() == ["fs.inotify.max_queued_events", "fs.inotify.max_user_watches"])
        #expect((values["fs.inotify.max_queued_events"] ?? 0) >= 100_000)
        #expect((values["fs.inotify.max_user_watches"] ?? 0) >= 65_536)
        for key in values.keys {
            let path = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
            #expect(FileManager.default.fileExists(atPath: path), "\(key) is not a kernel setting")
        }
    }

    @Test("make install honours DESTDIR and PREFIX and never overwrites a configuration")
    func makeInstall() throws {
        let stage = try RepositoryFiles.scratchFolder("stage")
        defer { try? FileManager.default.removeItem(atPath: stage) }
        try RepositoryFiles.writeExecutable(stage + "/built-nianbaod", "#!/bin/sh\necho nianbaod\n")
        try "[[inbox]]\nname = \"default\"\npath = \"var/inbox\"\noutbox = 'var/outbox'\n".write(
            toFile: stage + "/example.toml", atomically: true, encoding: .utf8)
        let destination = stage + "/root"
        let arguments = [
            "-s", "-C", RepositoryFiles.root, "install-bin", "install-data", "DESTDIR=\(destination)", "PREFIX=/usr",
            "NIANBAOD_BIN=\(stage)/built-nianbaod", "CONFIG_EXAMPLE=\(stage)/example.toml", "WITH_POSTFIX=yes",
        ]
        let first = try JournalTestSupport.run("/usr/bin/make", arguments)
        #expect(first.status == 0, "\(first.errorText)")
        for path in [
            "/usr/bin/nianbaod", "/usr/lib/systemd/system/nianbaod.service",
            "/usr/lib/systemd/system/nianbaod.service.d/50-postfix.conf", "/usr/lib/systemd/catalog/nianbaod.catalog",
            "/usr/lib/sysusers.d/nianbaod.conf", "/usr/lib/tmpfiles.d/nianbaod.conf",
            "/usr/lib/sysctl.d/90-nianbaod-inotify.conf", "/etc/nianbaod/nianbaod.toml",
        ] {
            #expect(FileManager.default.fileExists(atPath: destination + path), "\(path) not installed")
        }
        #expect(FileManager.default.isExecutableFile(atPath: destination + "/usr/bin/nianbaod"))
        let unit = try String(contentsOfFile: destination + "/usr/lib/systemd/system/nianbaod.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/nianbaod run --config /etc/nianbaod/nianbaod.toml"))
        let config = try String(contentsOfFile: destination + "/etc/nianbaod/nianbaod.toml", encoding: .utf8)
        #expect(config.contains("path = \"/var/lib/nianbaod/inbox\"") && config.contains("'/var/lib/nianbaod/outbox'"))

        // A second installation keeps the edited configuration and puts the example beside it.
        try "# edited\n".write(toFile: destination + "/etc/nianbaod/nianbaod.toml", atomically: true, encoding: .utf8)
        let second = try JournalTestSupport.run("/usr/bin/make", arguments)
        #expect(second.status == 0, "\(second.errorText)")
        #expect(
            try String(contentsOfFile: destination + "/etc/nianbaod/nianbaod.toml", encoding: .utf8) == "# edited\n")
        #expect(FileManager.default.fileExists(atPath: destination + "/etc/nianbaod/nianbaod.toml.example"))

        // PREFIX=/usr/local moves the binary and the ExecStart path; without Postfix no drop-in.
        let local = stage + "/local"
        let third = try JournalTestSupport.run(
            "/usr/bin/make",
            [
                "-s", "-C", RepositoryFiles.root, "install-bin", "install-data", "DESTDIR=\(local)",
                "NIANBAOD_BIN=\(stage)/built-nianbaod", "CONFIG_EXAMPLE=\(stage)/example.toml", "WITH_POSTFIX=no",
            ])
        #expect(third.status == 0, "\(third.errorText)")
        let localUnit = try String(
            contentsOfFile: local + "/usr/local/lib/systemd/system/nianbaod.service", encoding: .utf8)
        #expect(localUnit.contains("ExecStart=/usr/local/bin/nianbaod run"))
        #expect(FileManager.default.fileExists(atPath: local + "/usr/local/lib/systemd/catalog/nianbaod.catalog"))
        #expect(!FileManager.default.fileExists(atPath: local + "/usr/local/lib/systemd/system/nianbaod.service.d"))
    }
}
