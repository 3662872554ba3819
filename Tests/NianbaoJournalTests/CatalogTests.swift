import Foundation
import Logging
import Testing

@testable import NianbaoJournal

/// systemd/nianbaod.catalog: one Chinese entry per MESSAGE_ID, compiled by journalctl, shown by `-x`.
@Suite("Journal catalogue")
struct CatalogTests {
    /// The catalogue's entries: message ID → header and body lines.
    private func entries() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        var current: String?
        for line in try RepositoryFiles.text("nianbaod.catalog").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("-- ") {
                let id = String(line.dropFirst(3))
                #expect(result[id] == nil, "duplicate entry \(id)")
                current = id
                result[id] = []
            } else if let current, !line.hasPrefix("#") {
                result[current, default: []].append(String(line))
            }
        }
        return result
    }

    private func containsChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test("one entry per EventKind, each with a Chinese subject and explanation")
    func oneChineseEntryPerEvent() throws {
        let entries = try entries()
        #expect(Set(entries.keys) == Set(EventKind.allCases.map(\.messageID)))
        for kind in EventKind.allCases {
            let lines = try #require(entries[kind.messageID], "\(kind)")
            let subject = try #require(lines.first { $0.hasPrefix("Subject: ") }, "\(kind) has no Subject")
            #expect(containsChinese(subject), "\(kind)")
            #expect(lines.contains("Defined-By: nianbaod"), "\(kind)")
            let body = lines.drop { !$0.isEmpty }.joined(separator: "\n")
            #expect(containsChinese(body) && body.count > 40, "\(kind) has no explanation")
        }
    }

    @Test("every @FIELD@ the catalogue fills in is a field nianbaod sends")
    func substitutionsNameRealFields() throws {
        let text = try RepositoryFiles.text("nianbaod.catalog").split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let known: Set<String> = [
            JournalField.inbox, JournalField.file, JournalField.sha256, JournalField.verdict,
            JournalField.organization, JournalField.year, JournalField.format, JournalField.errors,
            JournalField.warnings, JournalField.codes, JournalField.result, JournalField.durationMs, "ERROR",
        ]
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        // Odd-numbered parts lie between two @ signs on one line.
        let names = stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
        #expect(!names.isEmpty)
        for name in names {
            #expect(known.contains(name), "unknown field @\(name)@")
        }
    }

    @Test("journalctl compiles it: --update-catalog and --list-catalog in a scratch root")
    func compilesInScratchRoot() throws {
        let root = try RepositoryFiles.scratchFolder("catalog")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/usr/lib/systemd/catalog"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: RepositoryFiles.systemd("nianbaod.catalog"), toPath: directory + "/nianbaod.catalog")

        let update = try JournalTestSupport.run("/usr/bin/journalctl", ["--root=\(root)", "--update-catalog"])
        #expect(update.status == 0)
        #expect(update.errorText.isEmpty, "journalctl complained: \(update.errorText)")
        let list = try JournalTestSupport.run("/usr/bin/journalctl", ["--root=\(root)", "--list-catalog"])
        #expect(list.status == 0)
        for kind in EventKind.allCases {
            #expect(list.outputText.contains("\(kind.messageID) nianbaod: "), "\(kind) not listed")
        }
    }

    @Test("journalctl -x shows the explanation, with the entry's fields filled in")
    func journalctlExplains() throws {
        try JournalTestSupport.ensureJournald()
        // journalctl -x reads only the system database, so install the catalogue for real (as
        // `make install PREFIX=/usr` would) and rebuild the database.
        let installed = "/usr/lib/systemd/catalog/nianbaod.catalog"
        try? FileManager.default.removeItem(atPath: installed)
        try FileManager.default.copyItem(atPath: RepositoryFiles.systemd("nianbaod.catalog"), toPath: installed)
        let update = try JournalTestSupport.run("/usr/bin/journalctl", ["--update-catalog"])
        #expect(update.status == 0, "\(update.errorText)")

        let marker = JournalTestSupport.uniqueMarker()
        let logger = Logger(label: "nianbaod.test") { JournalLogHandler(label: $0, identifier: "nianbaod-test") }
        logger.warning(
            "已退回：缺章节.docx",
            metadata: [
                "NIANBAO_TEST_MARKER": .string(marker), JournalField.messageID: .string(EventKind.rejected.messageID),
                JournalField.file: "缺章节.docx", JournalField.inbox: "default", JournalField.organization: "某某区政府",
                JournalField.year: "2025", JournalField.errors: "2", JournalField.warnings: "0",
                JournalField.codes: "MISSING_SECTION", JournalField.result: "/var/lib/nianbaod/outbox/x.json",
            ])
        _ = try JournalTestSupport.entries(where: "NIANBAO_TEST_MARKER", equals: marker)

        let shown = try JournalTestSupport.run(
            "/usr/bin/journalctl", ["-x", "--no-pager", "-o", "short", "NIANBAO_TEST_MARKER=\(marker)"])
        #expect(shown.status == 0)
        let text = shown.outputText
        #expect(text.contains("已退回：缺章节.docx"))
        #expect(text.contains("Subject: 年度报告未通过检查，已退回：缺章节.docx"), "\(text)")
        #expect(text.contains("收件箱 default 中的文件 缺章节.docx（某某区政府 2025 年度报告）"), "\(text)")
        #expect(text.contains("问题代码") && text.contains("MISSING_SECTION"))
    }
}
