import NianbaoDaemon
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

    @Test("Ignore patterns match temporary names and dot-files only")
    func ignorePatterns() {
        let patterns = DaemonConfiguration.defaultIgnore
        func ignored(_ text: String) -> Bool { patterns.contains { SystemInfo.matches(FileName(text), pattern: $0) } }
        for name in [".hidden", "a.part", "a.tmp", "a.crdownload", "a~", ".a.swp", "b.swp"] { #expect(ignored(name), "\(name)") }
        for name in ["a.txt", "报告.docx", "a.part.pdf", "tmp"] { #expect(!ignored(name), "\(name)") }
    }
}
