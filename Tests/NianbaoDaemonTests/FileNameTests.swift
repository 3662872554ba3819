@testable import NianbaoDaemon
import Testing

@Suite struct FileNameTests {
    @Test("Names are escaped for printing and kept byte-exact")
    func escaping() {
        let name = FileName(bytes: Array("报告 1\n".utf8) + [0xFF] + Array("\\.txt".utf8))
        #expect(name.escaped == "报告 1\\n\\xff\\\\.txt")
        #expect(name.text == "报告 1\n\\xff\\.txt")
        #expect(BytePath("/in").appending(name).bytes == Array("/in/".utf8) + name.bytes)
        #expect(FileName(".x").isHidden && !FileName("x.").isHidden)
    }

    @Test("Random byte names: the quick way (valid UTF-8, nothing to escape) gives what the scalar-by-scalar way gives")
    func quickTextEqualsScalarByScalar() {
        var random = SystemRandomNumberGenerator()
        // Plain pieces most of the time; now and then a control, DEL, a backslash or a byte that
        // breaks the UTF-8 (a lone continuation, a truncated sequence, an overlong form, a surrogate).
        let plain: [[UInt8]] = ["报告", "年度", "a", "Z", "7", " ", ".", "-", "（", "😀"].map { Array($0.utf8) }
        let odd: [[UInt8]] = [[0x0A], [0x09], [0x00], [0x7F], [0x5C], [0x80], [0xE5, 0xB9], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF]]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                bytes += Int.random(in: 0..<8, using: &random) == 0
                    ? odd.randomElement(using: &random)! : plain.randomElement(using: &random)!
            }
            let name = FileName(bytes: bytes)
            #expect(name.text == FileName.scalarByScalarText(of: bytes, escapingControls: false), "\(bytes)")
            #expect(name.escaped == FileName.scalarByScalarText(of: bytes, escapingControls: true), "\(bytes)")
        }
    }

    @Test("Ignore patterns match temporary names and dot-files only")
    func ignorePatterns() {
        let patterns = DaemonConfiguration.defaultIgnore
        func ignored(_ text: String) -> Bool { patterns.contains { SystemInfo.matches(FileName(text), pattern: $0) } }
        for name in [".hidden", "a.part", "a.tmp", "a.crdownload", "a~", ".a.swp", "b.swp"] { #expect(ignored(name), "\(name)") }
        for name in ["a.txt", "报告.docx", "a.part.pdf", "tmp"] { #expect(!ignored(name), "\(name)") }
    }
}
