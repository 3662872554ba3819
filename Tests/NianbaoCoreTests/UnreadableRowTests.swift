import Foundation
@testable import NianbaoCore
import Testing

/// A row of a delimited table whose cells are all blank or unreadable (OCR's `I` for 1) is a row
/// with cells to fill in, not a missing row.
@Suite("A row whose cells are all blank or unreadable")
struct UnreadableRowTests {
    static let report = Array("""
        二、主动公开政府信息情况
        第二十条第(一)项
        信息内容\t本年制发件数\t本年废止件数\t现行有效件数
        规章\t0\t0\t1
        行政规范性文件\t0\t0\t12
        第二十条第（五）项
        信息内容\t本年处理决定数量
        行政许可\t0
        第二十条第（六）项
        信息内容\t本年处理决定数量
        行政处罚\tI
        行政强制\t9
        第二十条第（八）项
        信息内容\t本年收费金额（单位：万元）
        行政事业性收费\t\t
        三、收到和处理政府信息公开申请情况

        """.utf8)

    @Test("its cells are reported blank or unreadable (with the advice for each), where the row is, and the other rows are read")
    func rowKept() throws {
        let result = ReportChecker().check(bytes: Self.report, name: "unreadable.txt")
        let table = try #require(result.report?.proactive)
        #expect(table.format == .v2021)
        #expect(table["penalty", "decisions"] == nil)
        #expect(table["fees", "amount"] == nil)
        #expect(table["enforcement", "decisions"] == .integer(9))
        #expect(table["licensing", "decisions"] == .integer(0))
        // Not “缺少…一行” (the row is missing): the row is there, its cell unreadable (I) or blank.
        for (location, says) in [("二/penalty/decisions", "的字符无法识别为数字"), ("二/fees/amount", "空白或无法识别")] {
            let finding = try #require(result.findings.first { $0.code == .missingCell && $0.location == location }, "\(location)")
            #expect(!finding.messageZh.contains("缺少") && finding.messageZh.contains(says), "\(finding.messageZh)")
        }
    }
}
