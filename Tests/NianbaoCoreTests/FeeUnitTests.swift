import Foundation
import NianbaoCore
import Testing

/// The unit of table 二's fee amounts, named in the column heading (本年收费金额（单位：万元）) when
/// not beside the amount: anything but 万元 is T2_FEE_UNIT.
@Suite("Table 二: the fee unit named in the heading")
struct FeeUnitTests {
    /// Seed 000 (2021 format, heading 本年收费金额（单位：万元）) with the heading written as `heading`.
    static func codes(heading: String) throws -> [FindingCode] {
        let original = String(decoding: try SeedFixtures.bytes("000_fb0ef49ef4128532"), as: UTF8.self)
        #expect(original.contains("本年收费金额（单位：万元）"))
        let text = original.replacingOccurrences(of: "本年收费金额（单位：万元）", with: heading)
        return ReportChecker().check(bytes: Array(text.utf8), name: "000.txt").findings.map(\.code)
    }

    @Test("元 in the heading is T2_FEE_UNIT; 万元, or no unit, is not")
    func headingUnit() throws {
        #expect(try Self.codes(heading: "本年收费金额（单位：元）").contains(.t2FeeUnit))
        #expect(try Self.codes(heading: "本年收费金额(元)").contains(.t2FeeUnit))
        #expect(try !Self.codes(heading: "本年收费金额（单位：万元）").contains(.t2FeeUnit))
        #expect(try !Self.codes(heading: "本年收费金额（万元）").contains(.t2FeeUnit))
        #expect(try !Self.codes(heading: "本年收费金额").contains(.t2FeeUnit))
        // A unit further on than the eight characters after the heading is not the heading's.
        #expect(try !Self.codes(heading: "本年收费金额（本栏按照财政部门口径统计单位元）").contains(.t2FeeUnit))
    }
}
