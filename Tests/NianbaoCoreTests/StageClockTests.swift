import Foundation
@_spi(Benchmarks) import NianbaoCore
import Testing

@Suite("Stage profile (nianbao-bench stages)")
struct StageClockTests {
    @Test("times every stage of a check and gives the same result as check", arguments: SeedFixtures.names)
    func profileIsACheck(name: String) throws {
        let bytes = try SeedFixtures.bytes(name)
        let checker = ReportChecker()
        let profiled = try #require(checker.profile(bytes: bytes, name: name + ".txt"))
        let checked = checker.check(bytes: bytes, name: name + ".txt")
        #expect(profiled.clock.stages.map(\.name) == [
            "sha256", "decode", "layout", "tokenize", "headings", "metadata", "table 2", "table 3", "table 4",
            "sections", "inference", "checks", "json",
        ])
        #expect(profiled.result.report == checked.report)
        #expect(profiled.result.findings == checked.findings)
        #expect(profiled.result.source == checked.source)
        #expect(profiled.result.verdict == checked.verdict)
    }

    @Test("files that are not text are not profiled")
    func notText() {
        let checker = ReportChecker()
        #expect(checker.profile(bytes: Array("%PDF-1.4\n".utf8), name: "a.pdf") == nil)
        #expect(checker.profile(bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], name: "a.docx") == nil)
    }

    @Test("a lap adds to a stage of the same name")
    func lapsAddUp() {
        var clock = StageClock()
        clock.lap("a")
        clock.lap("b")
        clock.lap("a")
        #expect(clock.stages.map(\.name) == ["a", "b"])
    }

    @Test("adding a clock adds its stages by name, new names after")
    func clocksAddUp() {
        var first = StageClock()
        first.lap("a")
        first.lap("b")
        var second = StageClock()
        second.lap("b")
        second.lap("c")
        var total = first
        total.add(second)
        #expect(total.stages.map(\.name) == ["a", "b", "c"])
        #expect(total.stages[1].nanoseconds == first.stages[1].nanoseconds + second.stages[0].nanoseconds)
        #expect(total.stages[2].nanoseconds == second.stages[1].nanoseconds)
    }
}
