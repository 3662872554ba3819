import Foundation
@testable import NianbaoCore
import Testing

/// 2019's table 二 rows 行政事业性收费 and 政府集中采购 have two cells under three value columns: the
/// second spans the last two columns. `pdftotext -layout` prints its number under the last column.
@Suite("Table 二: a cell spanning two columns in aligned text")
struct SpannedCellTests {
    /// Table 二 (2019) as `pdftotext -layout` prints it, with `fees` and `procurement` as given.
    static func report(fees: String, procurement: String) -> [UInt8] {
        let text = """
            二、主动公开政府信息情况

            第二十条第(一)项
            信息内容              本年新制作数量    本年新公开数量    对外公开总数量
            规章                                  0                 0                 0
            规范性文件                            1                 1                 8
            第二十条第(五)项
            信息内容              上一年项目数量    本年增/减         处理决定数量
            行政许可                              3                 0                 5
            其他对外管理服务事项                 25                 0                17
            第二十条第(六)项
            信息内容              上一年项目数量    本年增/减         处理决定数量
            行政处罚                              4               +43               262
            行政强制                              0                +6                 0
            第二十条第(八)项
            信息内容              上一年项目数量    本年增/减
            \(fees)
            第二十条第(九)项
            信息内容              采购项目数量      采购总金额
            \(procurement)

            三、收到和处理政府信息公开申请情况

            """
        return Array(text.utf8)
    }

    static func proactive(_ bytes: [UInt8]) -> ProactiveTable? {
        ReportChecker().check(bytes: bytes, name: "spanned.txt").report?.proactive
    }

    @Test("the number under the last column is the spanned second cell's")
    func spannedCellRead() throws {
        let table = try #require(Self.proactive(Self.report(
            fees: "行政事业性收费                        2                                  -1",
            procurement: "政府集中采购                          7                            12.5万元")))
        #expect(table.format == .v2019)
        #expect(table["fees", "previous_items"] == .integer(2))
        #expect(table["fees", "change"] == .integer(-1))
        #expect(table["procurement", "items"] == .integer(7))
        #expect(table["procurement", "amount"] == .decimal("12.5"))
        // The other blocks keep their three columns.
        #expect(table["licensing", "previous_items"] == .integer(3))
        #expect(table["licensing", "decisions"] == .integer(5))
    }

    @Test("a blank spanned cell stays blank; a row of three numbers is not joined")
    func onlyTheSpannedShapeIsJoined() throws {
        let blank = try #require(Self.proactive(Self.report(
            fees: "行政事业性收费                        2",
            procurement: "政府集中采购                          7                 3                 4")))
        #expect(blank["fees", "previous_items"] == .integer(2))
        #expect(blank["fees", "change"] == nil)
        // Three numbers for two cells: which two is not known.
        #expect(blank["procurement", "items"] == nil)
        #expect(blank["procurement", "amount"] == nil)
    }
}
