import Foundation
import NianbaoCore
import Testing

/// Each seed read and checked, compared with its hand-written expected reading.
@Suite("Seed reports")
struct SeedTests {
    @Test("reads every expected cell, verdict and finding", arguments: SeedFixtures.names)
    func seedMatchesExpected(name: String) throws {
        let expected = try SeedFixtures.expected(name)
        let result = try SeedFixtures.checkedJSON(try SeedFixtures.bytes(name), name: "\(name).txt")
        let report = try #require(result["report"] as? [String: Any])

        #expect(result["verdict"] as? String == expected["verdict"] as? String, "verdict")
        for key in ["organization", "format", "published"] {
            #expect(report[key] as? String == expected[key] as? String, "\(key)")
        }
        #expect(report["year"] as? Int == expected["year"] as? Int, "year")

        // Table 二: every item and field given.
        let proactive = try #require(report["proactive"] as? [String: [String: Any]])
        for (item, fields) in try #require(expected["proactive"] as? [String: [String: Any]]) {
            for (field, value) in fields {
                let got = proactive[item]?[field]
                #expect(String(describing: got ?? NSNull()) == String(describing: value), "proactive \(item).\(field)")
            }
        }
        // Table 三: every row, every cell; the inferred list when given.
        let applications = try #require(report["applications"] as? [String: Any])
        let rows = try #require(applications["rows"] as? [String: [Any]])
        let expectedApplications = try #require(expected["applications"] as? [String: Any])
        #expect(applications["columns"] as? [String] == expectedApplications["columns"] as? [String])
        for (row, cells) in try #require(expectedApplications["rows"] as? [String: [Any]]) {
            let got = try #require(rows[row], "row \(row) missing")
            #expect(got.map { String(describing: $0) } == cells.map { String(describing: $0) }, "row \(row)")
        }
        #expect(Set(rows.keys) == Set((expectedApplications["rows"] as? [String: Any] ?? [:]).keys), "row keys")
        if let inferred = expectedApplications["inferred"] as? [String] {
            #expect(applications["inferred"] as? [String] == inferred, "inferred")
        }
        // Table 四.
        let review = try #require(report["review_litigation"] as? [String: [String: Int]])
        for (block, fields) in try #require(expected["review_litigation"] as? [String: [String: Int]]) {
            #expect(review[block] == fields, "review \(block)")
        }
        // Findings.
        let codes = Set((result["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        for code in expected["findings_must_include"] as? [String] ?? [] {
            #expect(codes.contains(code), "must include \(code)")
        }
        for code in expected["findings_must_not_include"] as? [String] ?? [] {
            #expect(!codes.contains(code), "must not include \(code)")
        }
    }

    @Test("fixture copies match ../shared/seeds when it is present", arguments: SeedFixtures.names)
    func fixturesMatchShared(name: String) throws {
        let shared = SeedFixtures.sharedDirectory.appendingPathComponent("\(name).txt")
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        #expect(try Data(contentsOf: shared) == Data(SeedFixtures.bytes(name)))
        let sharedExpected = SeedFixtures.sharedDirectory.appendingPathComponent("expected/\(name).json")
        #expect(try Data(contentsOf: sharedExpected) == Data(contentsOf: SeedFixtures.directory.appendingPathComponent("expected/\(name).json")))
    }

    @Test("a result has every key of nianbao.result/1, null where unknown")
    func resultSchemaKeys() throws {
        let result = try SeedFixtures.checkedJSON(try SeedFixtures.bytes("002_58dc511eec76c6da"), name: "002.txt")
        #expect(Set(result.keys) == ["schema", "source", "verdict", "report", "findings", "processed_at", "duration_ms"])
        #expect(result["schema"] as? String == "nianbao.result/1")
        let source = try #require(result["source"] as? [String: Any])
        #expect(Set(source.keys) == ["name", "inbox", "sha256", "bytes", "kind", "encoding"])
        #expect(source["inbox"] is NSNull)
        #expect(source["kind"] as? String == "text")
        #expect(source["encoding"] as? String == "utf-8")
        let report = try #require(result["report"] as? [String: Any])
        #expect(Set(report.keys) == [
            "organization", "year", "format", "published", "sections", "proactive", "applications", "review_litigation",
        ])
        #expect(report["organization"] is NSNull)
        let sections = try #require(report["sections"] as? [[String: Any]])
        #expect(sections.map { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6])
        for finding in result["findings"] as? [[String: Any]] ?? [] {
            #expect(Set(finding.keys) == ["code", "severity", "message", "location"])
        }
        let processedAt = try #require(result["processed_at"] as? String)
        #expect(processedAt.count == 20 && processedAt.hasSuffix("Z"))
    }
}
