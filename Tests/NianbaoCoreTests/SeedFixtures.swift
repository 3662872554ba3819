import Foundation
import NianbaoCore

/// The seed reports and their expected readings (copies of `../shared/seeds`).
enum SeedFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/seeds")

    static let names = [
        "000_fb0ef49ef4128532", "001_b847a032e5b4b35d", "002_58dc511eec76c6da", "003_40ef9cce17cf73fc",
        "004_6332cd6a3faa0bd2", "005_003_without_sections_5_6",
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).txt")))
    }

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected/\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Checks `bytes` and returns the result parsed back from its JSON.
    static func checkedJSON(_ bytes: [UInt8], name: String) throws -> [String: Any] {
        let result = ReportChecker().check(bytes: bytes, name: name)
        let data = Data(result.jsonLine().utf8)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
