import Foundation
@testable import NianbaoCore
import NianbaoTestSupport
import Testing

/// Nothing crashes the checker, and every input gets a result whose verdict matches its findings.
@Suite("Robustness")
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    }

    static func assertSound(_ result: CheckResult, _ context: String) {
        let hasError = result.findings.contains { $0.severity == .error }
        #expect((result.verdict == .rejected) == hasError, "verdict matches findings: \(context)")
        let json = result.jsonLine()
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(parsed?["schema"] as? String == "nianbao.result/1", "JSON parses: \(context)")
    }

    /// `NIANBAO_MUTATION_COUNT` and `NIANBAO_MUTATION_SEED` (default 10,000 and 20261123) run
    /// a longer or another series, for fuzzing beyond the default run;
    /// `NIANBAO_MUTATION_CORPUS=generated` mutates 45 generated reports (five in each text layout)
    /// instead of the seeds; `NIANBAO_MUTATION_DUMP=N` writes mutation N to `/tmp/mutant-N.txt`
    /// and stops there, to reproduce it with `nianbaod check`.
    @Test("10,000 byte- and line-level mutations of the seeds each give a sound result")
    func mutations() throws {
        let environment = ProcessInfo.processInfo.environment
        let seeds: [[UInt8]]
        if environment["NIANBAO_MUTATION_CORPUS"] == "generated" {
            seeds = try TextLayout.allCases.flatMap { layout in
                try (0..<5).map { index in
                    try ReportGenerator.report(seed: UInt64(index * 100) + 17, layout: layout).bytes
                }
            }
        } else {
            seeds = try SeedFixtures.names.map { try SeedFixtures.bytes($0) }
        }
        let checker = ReportChecker()
        var random = Random(state: environment["NIANBAO_MUTATION_SEED"].flatMap { UInt64($0) } ?? 20_261_123)
        var rejected = 0
        let count = environment["NIANBAO_MUTATION_COUNT"].flatMap { Int($0) } ?? 10_000
        for iteration in 0..<count {
            var bytes = seeds[random.below(seeds.count)]
            let kind = random.below(10)
            switch kind {
            case 0:  // flip bytes
                for _ in 0..<(1 + random.below(20)) where !bytes.isEmpty { bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255)) }
            case 1:  // delete a range
                if bytes.count > 2 {
                    let start = random.below(bytes.count)
                    bytes.removeSubrange(start..<min(bytes.count, start + random.below(2000)))
                }
            case 2:  // truncate
                bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
            case 3:  // insert random bytes
                let insert = (0..<random.below(64)).map { _ in UInt8(random.below(256)) }
                bytes.insert(contentsOf: insert, at: random.below(bytes.count + 1))
            case 4, 5:  // line-level: delete, duplicate or swap lines
                var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
                for _ in 0..<(1 + random.below(6)) where lines.count > 1 {
                    let a = random.below(lines.count)
                    let b = random.below(lines.count)
                    switch random.below(3) {
                    case 0: lines.remove(at: a)
                    case 1: lines.insert(lines[a], at: b)
                    default: lines.swapAt(a, b)
                    }
                }
                bytes = Array(lines.joined(separator: [10]))
            case 6:  // replace digits
                for index in bytes.indices where bytes[index] >= 48 && bytes[index] <= 57 && random.below(4) == 0 {
                    bytes[index] = UInt8(48 + random.below(10))
                }
            case 8:  // digit runs made too long for any count (13 to 40 digits)
                let starts = bytes.indices.filter {
                    bytes[$0] >= 48 && bytes[$0] <= 57 && ($0 == 0 || !(bytes[$0 - 1] >= 48 && bytes[$0 - 1] <= 57))
                }
                let chosen = starts.isEmpty ? [] : (0..<(1 + random.below(8))).map { _ in starts[random.below(starts.count)] }
                for start in Set(chosen).sorted(by: >) {  // from the end, so earlier positions stay put
                    let digits = (0..<(13 + random.below(28))).map { _ in UInt8(48 + random.below(10)) }
                    bytes.insert(contentsOf: digits, at: start)
                }
            case 7:  // tabs become spaces or vanish
                bytes = bytes.compactMap { $0 == 9 ? (random.below(2) == 0 ? 32 : nil) : $0 }
            default:  // merge all lines into one
                bytes = bytes.map { $0 == 10 ? 32 : $0 }
            }
            if environment["NIANBAO_MUTATION_TRACE"] != nil { print("mutation \(iteration) kind \(kind)") }
            if environment["NIANBAO_MUTATION_DUMP"] == String(iteration) {
                _ = FileManager.default.createFile(atPath: "/tmp/mutant-\(iteration).txt", contents: Data(bytes))
                return
            }
            let result = checker.check(bytes: bytes, name: "mutant-\(iteration).txt")
            if result.verdict == .rejected { rejected += 1 }
            if iteration % 97 == 0 { Self.assertSound(result, "mutation \(iteration) kind \(kind)") }
            #expect((result.verdict == .rejected) == result.findings.contains { $0.severity == .error })
        }
        print("mutations: \(count) checked, \(rejected) rejected, \(count - rejected) accepted")
        #expect(rejected > 0)
    }

    @Test("empty, garbage, truncated and table-less files are rejected with a reason")
    func hostileInputs() throws {
        let checker = ReportChecker()
        let empty = checker.check(bytes: [], name: "empty.txt")
        #expect(empty.verdict == .rejected)
        #expect(empty.codes.contains(.sectionMissing))

        var random = Random(state: 7)
        let garbage = (0..<100_000).map { _ in UInt8(random.below(256)) }
        let garbageResult = checker.check(bytes: garbage, name: "garbage.bin")
        #expect(garbageResult.verdict == .rejected)
        #expect(garbageResult.report == nil)
        #expect(garbageResult.codes == [.unreadable])

        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 100)
        #expect(checker.check(bytes: png, name: "scan.png").codes == [.unsupportedType])
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 100)
        let oleResult = checker.check(bytes: ole, name: "report.doc")
        #expect(oleResult.codes == [.unsupportedType])
        #expect(oleResult.findings[0].messageZh.contains(".docx"))

        let seed = try SeedFixtures.bytes("000_fb0ef49ef4128532")
        let truncated = checker.check(bytes: Array(seed.prefix(seed.count / 3)), name: "truncated.txt")
        #expect(truncated.verdict == .rejected)
        #expect(truncated.codes.contains(.sectionMissing))

        let prose = Array("一、总体情况\n本年度工作顺利。\n五、存在的主要问题及改进情况\n无\n".utf8)
        let noTables = checker.check(bytes: prose, name: "notables.txt")
        #expect(noTables.codes.contains(.tableMissing))
        #expect(noTables.codes.contains(.sec5Empty))
    }

    @Test("a file with far more text than any report is TOO_LARGE before recognition; a long report is read")
    func tooMuchText() throws {
        let checker = ReportChecker()
        let numbers = Array(String(repeating: "1 ", count: 400_000).utf8)  // 800 KB, 400,000 numbers
        let result = checker.check(bytes: numbers, name: "numbers.txt")
        #expect(result.codes == [.tooLarge])
        #expect(result.report == nil)
        #expect(result.findings.first?.messageZh.contains("远超一份政府信息公开工作年度报告的篇幅") == true)
        // A real report with 400 KB of prose added is still read as one.
        let seed = try SeedFixtures.bytes("000_fb0ef49ef4128532")
        let prose = Array(String(repeating: "本机关持续推进政务公开标准化规范化建设。\n", count: 6_500).utf8)
        let long = checker.check(bytes: seed + prose, name: "long.txt")
        #expect(seed.count + prose.count > 400_000)
        #expect(!long.codes.contains(.tooLarge))
        #expect(long.report?.year == checker.check(bytes: seed, name: "seed.txt").report?.year)
    }

    @Test("a 50 MB file is TOO_LARGE under the default limit, and the limit is configurable")
    func tooLarge() throws {
        let big = [UInt8](repeating: 0x41, count: 50 * 1024 * 1024)
        let result = ReportChecker().check(bytes: big, name: "big.txt")
        #expect(result.codes == [.tooLarge])
        #expect(result.report == nil)
        #expect(result.source.bytes == big.count)
        let small = ReportChecker(options: CheckOptions(sizeLimit: 1000)).check(bytes: try SeedFixtures.bytes("000_fb0ef49ef4128532"), name: "a.txt")
        #expect(small.codes == [.tooLarge])
    }

    @Test("encodings: UTF-8 with BOM, UTF-16LE/BE with BOM and GB18030 read the same as UTF-8")
    func encodings() throws {
        let text = String(decoding: try SeedFixtures.bytes("000_fb0ef49ef4128532"), as: UTF8.self)
        let reference = ReportChecker().check(bytes: Array(text.utf8), name: "a.txt")
        var variants: [(String, [UInt8])] = [("utf-8", [0xEF, 0xBB, 0xBF] + Array(text.utf8))]
        variants.append(("utf-16le", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        variants.append(("utf-16be", [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        variants.append(("gb18030", try Self.iconv(text, to: "GB18030")))
        for (encoding, bytes) in variants {
            let result = ReportChecker().check(bytes: bytes, name: "a.txt")
            #expect(result.source.encoding == encoding)
            #expect(result.report == reference.report, "\(encoding) reads the same")
            #expect(result.codes == reference.codes)
        }
    }

    static func iconv(_ text: String, to encoding: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    @Test("SHA-256 matches known vectors")
    func sha256() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var hasher = SHA256()
        for _ in 0..<1000 { hasher.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Every seed as sha256sum hashes it, whole and fed in odd-sized chunks.
        for name in SeedFixtures.names {
            let path = SeedFixtures.directory.appendingPathComponent("\(name).txt").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let bytes = (try? SeedFixtures.bytes(name)) ?? []
            let expected = String(output.prefix(64))
            #expect(SHA256.hex(bytes) == expected, "\(name)")
            var chunked = SHA256()
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 1 + offset % 97)
                chunked.update(bytes[offset..<end])
                offset = end
            }
            #expect(chunked.finalizeHex() == expected, "\(name) in chunks")
        }
    }

    @Test("SHA-256 with the processor's SHA extensions equals the Swift implementation")
    func sha256HardwareMatchesSoftware() {
        // On a processor without the extensions both sides are the Swift code and this proves
        // nothing new; this machine has them (the test prints which path ran).
        var random = Random(state: 0x5EED)
        let lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65_537]
            + (0..<200).map { _ in Int(random.next() % 20_000) }
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var hardware = SHA256(hardware: true)
            var software = SHA256(hardware: false)
            // Odd-sized pieces exercise the buffered path as well as whole blocks.
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 1 + Int(random.next() % 300))
                hardware.update(bytes[offset..<end])
                software.update(bytes[offset..<end])
                offset = end
            }
            #expect(hardware.finalizeHex() == software.finalizeHex(), "length \(length)")
            #expect(SHA256.hex(bytes) == SHA256(hardware: false).hexOf(bytes), "length \(length), whole")
        }
        print("SHA-256 hardware path available: \(SHA256.hardwareAvailable)")
    }
}

extension RobustnessTests {
    @Test("byte-level trimming of cells equals String.trimmingSpaces on random strings")
    func byteTrimmingMatchesScalarTrimming() {
        let palette: [String] = [
            " ", "\t", "\u{0B}", "\u{0C}", "\r", "\u{A0}", "\u{2000}", "\u{2005}", "\u{200B}", "\u{202F}", "\u{205F}",
            "\u{3000}", "\u{FEFF}", "a", "7", "中", "（", "、", "\u{2010}", "\u{200C}", "\u{3001}", "\u{FEFE}", "😀",
            // Last bytes at the edges of the quick test (8B, 8C, 9E, 9F, A0, A1, AE, AF, BE, BF) and DEL.
            "\u{200B}", "\u{200C}", "\u{201E}", "\u{209F}", "\u{2060}", "\u{2061}", "\u{206E}", "\u{20AF}",
            "\u{FEBE}", "\u{FEBF}", "\u{7F}", "!", "~", "é",
        ]
        var random = Random(state: 0x7A11)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 9)
            var text = ""
            for _ in 0..<length { text += palette[Int(random.next() % UInt64(palette.count))] }
            var copy = text
            let trimmed = copy.withUTF8 { String(decoding: UTF8Bytes.trimmingSpaces($0), as: UTF8.self) }
            #expect(trimmed == text.trimmingSpaces(), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

extension RobustnessTests {
    @Test(
        "a cell that is one number: sign, thousands grouping, decimals and units read; anything else is not a number",
        arguments: [
            ("0012", "0012", nil, false, false), ("1,234", "1234", nil, false, false),
            ("1,234,567", "1234567", nil, false, false), ("3.5万元", "3.5", "万元", false, true),
            ("-7", "7", nil, true, false), ("+ 12 件", "12", "件", false, false), ("12 个", "12", "个", false, false),
            ("12,34", nil, nil, false, false), ("1,234个", nil, nil, false, false), ("12abc", nil, nil, false, false),
            ("5.", nil, nil, false, false), ("2021年", nil, nil, false, false), ("- 元", nil, nil, false, false),
        ] as [(String, String?, String?, Bool, Bool)])
    func wholeNumbers(cell: String, digits: String?, unit: String?, negative: Bool, decimal: Bool) {
        let token = Tokenizer.wholeNumber(cell, line: 0)
        #expect(token.map { String($0.digits) } == digits)
        guard let token else { return }
        #expect(token.text == cell)
        #expect(token.unit == unit)
        #expect(token.negative == negative)
        #expect(token.isDecimal == decimal)
    }

    /// The counts behind "is this text": scalars, and controls (not tab, LF, CR, form feed) with
    /// U+FFFD among them, at every length and position (the counting works in blocks).
    @Test func scalarAndControlCountsMatchAPlainCount() {
        var random = Random(state: 7)
        let alphabet: [String] = ["a", "\t", "\n", "\r", "\u{0C}", "\u{01}", "\u{7F}", "年", "，", "\u{FFFD}", "😀", " "]
        for length in [0, 1, 2, 3, 15, 16, 17, 239, 240, 241, 242, 500, 3_000] {
            var text = ""
            for _ in 0..<length { text += alphabet[Int(random.next() % UInt64(alphabet.count))] }
            var expectedControls = 0
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if (value < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C].contains(value)) || value == 0x7F || value == 0xFFFD {
                    expectedControls += 1
                }
            }
            var copy = text
            let counts = copy.withUTF8 { TextDecoder.scalarAndControlCounts($0) }
            #expect(counts.scalars == text.unicodeScalars.count, "length \(length)")
            #expect(counts.controls == expectedControls, "length \(length)")
        }
        #expect(TextDecoder.plausible("年度报告\t0\t1\n"))
        #expect(!TextDecoder.plausible(String(repeating: "\u{01}年", count: 10)))
        #expect(!TextDecoder.plausible(String(repeating: "\u{FFFD}年", count: 10)))
    }

    /// A web page is told by its first tag, after a byte-order mark, white space or UTF-16's zero bytes.
    @Test(
        arguments: [
            ("<!DOCTYPE html><html>", true), ("\u{FEFF}  \n<html><body>", true), ("<table><tr><td>1</td></tr></table>", true),
            ("<p>年度报告</p>", false), ("一、总体情况 <html>", false), ("", false), ("   ", false),
        ])
    func htmlIsToldByItsFirstTag(text: String, isHTML: Bool) {
        #expect(ContentSniffer.looksLikeHTML(Array(text.utf8)) == isHTML)
        // UTF-16 little-endian without a byte-order mark: every other byte zero.
        let utf16 = text.utf16.filter { $0 != 0xFEFF }.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        if text.unicodeScalars.allSatisfy(\.isASCII) { #expect(ContentSniffer.looksLikeHTML(utf16) == isHTML) }
    }

    /// Blank marks between a label and its numbers are blank cells, not the end of the label
    /// (PDF text: `(一)予以公开 - 0 0 0 0 0 7`); a sign written against digits stays a sign, and
    /// marks after the last number are blank cells too.
    @Test(
        arguments: [
            ("(一)予以公开 - 0 0 0 0 0 7", "T B 0 0 0 0 0 7"),
            ("(一)予以公开 - — 0 0 0 0 7", "T B B 0 0 0 0 7"),
            ("(一)予以公开 -3 0", "T -3 0"),
            ("(一)予以公开 0 0 -", "T 0 0 B"),
            ("上下 - 文 5", "T 5"),
        ])
    func blankMarksBeforeNumbers(line: String, shape: String) {
        let tokens = Tokenizer.tokenize([SourceLine(cells: [line])])[0].tokens
        let read = tokens.map { token -> String in
            switch token.kind {
            case .text: "T"
            case .blank: "B"
            case .garbage: "G"
            case .number: (token.negative ? "-" : "") + token.digits
            }
        }
        #expect(read.joined(separator: " ") == shape, "\(tokens.map(\.text))")
    }
}

extension SHA256 {
    fileprivate func hexOf(_ bytes: [UInt8]) -> String {
        var copy = self
        copy.update(bytes)
        return copy.finalizeHex()
    }
}
