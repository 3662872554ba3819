import Foundation
import NianbaoCore

/// `nianbao-bench hostile`: how long one check takes, and how much memory, on inputs shaped to
/// be expensive: many lines of one table row (growth must stay linear), the most numbers the text
/// limit lets through, long digit runs in a row and in the prose, and text over the limit.
enum HostileInputs {
    static func run(seedsDirectory: String) {
        let seed = FileManager.default.contents(atPath: seedsDirectory + "/000_fb0ef49ef4128532.txt").map { [UInt8]($0) }
        var inputs: [(String, [UInt8])] = []
        for count in [1_500, 3_000, 6_000] {
            var random = SystemRandomNumberGenerator()
            let lines = (0..<count).map { index in
                "（\(index % 7 + 1)）本年新收政府信息公开申请数量\t" + (0..<7).map { _ in String(Int.random(in: 0...99, using: &random)) }.joined(separator: "\t")
            }
            inputs.append(("\(count) lines of table rows", Array(lines.joined(separator: "\n").utf8)))
        }
        inputs.append(("250,000 numbers (500 KB, under the text limit)", Array(String(repeating: "1 ", count: 250_000).utf8)))
        inputs.append(("400,000 numbers (800 KB, over the text limit)", Array(String(repeating: "1 ", count: 400_000).utf8)))
        if let seed {
            let text = String(decoding: seed, as: UTF8.self)
            let run = String(repeating: "1234567890", count: 6)
            // Every run of digits in lines that hold a tab (table rows) becomes one 60-digit run.
            let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard line.contains("\t"), let first = line.firstIndex(where: \.isNumber), let last = line.lastIndex(where: \.isNumber)
                else { return String(line) }
                return String(line[..<first]) + run + String(line[line.index(after: last)...])
            }
            inputs.append(("seed 000 with each table row one 60-digit run", Array(rows.joined(separator: "\n").utf8)))
            let prose = "本年度共收到申请" + String(repeating: "9", count: 40) + "件。"
            inputs.append(("seed 000 with a 40-digit count in the prose", Array((prose + "\n" + text).utf8)))
        }
        let checker = ReportChecker()
        for (label, bytes) in inputs {
            resetPeak()
            let before = peakKilobytes()
            let start = DispatchTime.now().uptimeNanoseconds
            let result = checker.check(bytes: bytes, name: "hostile.txt")
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let growth = max(0, peakKilobytes() - before) / 1024
            let codes = Set(result.codes.map(\.rawValue)).sorted().prefix(4).joined(separator: ",")
            print(String(format: "hostile: %@: %.1f ms, peak RSS +%d MB, %@ [%@]", label, milliseconds, growth, result.verdict.rawValue, codes))
        }
    }

    /// Resets the process's peak RSS (`VmHWM`) to its current RSS (Linux: `clear_refs` 5).
    private static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// `VmHWM` from `/proc/self/status`, in KB.
    private static func peakKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
