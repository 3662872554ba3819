import Foundation
import NianbaoCore
import Testing

/// `nianbaod check` end to end: the real binary, its output and its exit status.
@Suite("nianbaod check")
struct CheckCommandTests {
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (exe as NSString).deletingLastPathComponent + "/nianbaod"
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NianbaoCoreTests/Fixtures")

    static func seed(_ name: String) -> String { fixtures.appendingPathComponent(name + ".txt").path }

    /// Runs `nianbaod` with `arguments`; returns status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build nianbaod first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test("accepted files exit 0 with a Chinese summary")
    func acceptedSummary() throws {
        let result = try Self.run(["check", Self.seed("000_fb0ef49ef4128532")])
        #expect(result.status == 0)
        #expect(result.out.contains("000_fb0ef49ef4128532.txt: 通过"))
        #expect(result.out.contains("海珠区人民政府昌岗街道办事处"))
        #expect(result.out.contains("提示 CELL_INFERRED [三/unable_3/total]"))
    }

    @Test("any rejected file makes the status 1; --json prints one result per line")
    func rejectedJSONLines() throws {
        let result = try Self.run(["check", "--json", Self.seed("000_fb0ef49ef4128532"), Self.seed("005_003_without_sections_5_6")])
        #expect(result.status == 1)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 2)
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["verdict"] as? String } == ["accepted", "rejected"])
        #expect(objects.allSatisfy { $0["schema"] as? String == "nianbao.result/1" })
        let codes = (objects[1]["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.filter { $0 == "SECTION_MISSING" }.count == 2)
    }

    @Test("--lang en switches messages, never codes")
    func englishMessages() throws {
        let result = try Self.run(["check", "--json", "--lang", "en", Self.seed("005_003_without_sections_5_6")])
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let message = try #require(findings.first?["message"] as? String)
        #expect(findings.first?["code"] as? String == "SECTION_MISSING")
        #expect(message.hasPrefix("Section 5"))
        #expect(message.contains("is missing"))
    }

    @Test("usage and I/O errors exit 2 with a message on stderr")
    func usageErrors() throws {
        let missing = try Self.run(["check", "/nonexistent/report.txt"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("/nonexistent/report.txt"))
        let noFiles = try Self.run(["check"])
        #expect(noFiles.status == 2)
        let badLanguage = try Self.run(["check", "--lang", "fr", Self.seed("000_fb0ef49ef4128532")])
        #expect(badLanguage.status == 2)
        let unknownOption = try Self.run(["check", "--frobnicate", Self.seed("000_fb0ef49ef4128532")])
        #expect(unknownOption.status == 2)
        #expect(badLanguage.err.contains("--lang"))
    }

    @Test("a file over --max-bytes is TOO_LARGE without being read whole")
    func tooLarge() throws {
        let result = try Self.run(["check", "--json", "--max-bytes", "100", Self.seed("000_fb0ef49ef4128532")])
        #expect(result.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["report"] is NSNull)
        let source = try #require(object["source"] as? [String: Any])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.seed("000_fb0ef49ef4128532")))
        #expect(source["sha256"] as? String == SHA256.hex([UInt8](bytes)))
    }

    @Test("help names every command")
    func help() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        for command in ["check", "run", "config"] { #expect(result.out.contains(command)) }
        let check = try Self.run(["check", "--help"])
        #expect(check.out.contains("--json") && check.out.contains("--lang"))
    }
}
