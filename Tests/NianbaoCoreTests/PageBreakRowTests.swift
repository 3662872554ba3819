import Foundation
@testable import NianbaoCore
import Testing

/// A row of table 三 whose label wraps across a page break, the column headings printed again
/// between its two lines: the values after the rest of the label are the row's.
@Suite("Table 三: a row wrapped across a page break")
struct PageBreakRowTests {
    static let headings = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况",
        "\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
    ]

    /// Table 三 (2021) in tab rows, every row `0 … 0` except `not_processed_1`, given as `first`
    /// and `second` (the cells on the line of each part of its label).
    static func report(continuation: String, first: String, second: String) -> [UInt8] {
        var lines = ["三、收到和处理政府信息公开申请情况", ""] + headings
        for row in ApplicationRow.rows(for: .v2021) {
            let parts = row.label.split(separator: " ").map(String.init)
            let label = parts.count == 2 ? parts[0] + "\t" + parts[1] : parts[0] + "\t"
            if row == .notProcessed1 {
                lines.append("（五）不予处理\t1.信访举报投\t" + first)
                lines.append("第 2 页")
                lines += headings
                lines.append("\t" + continuation + "\t" + second)
            } else {
                lines.append(label + "\t" + Array(repeating: "0", count: 7).joined(separator: "\t"))
            }
        }
        lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
        return Array(lines.joined(separator: "\n").utf8)
    }

    static func row(_ bytes: [UInt8]) -> [Int?]? {
        ReportChecker().check(bytes: bytes, name: "wrapped.txt").report?.applications?.rows[.notProcessed1]
    }

    @Test("the rest of the label after the repeated headings brings the rest of the row's values")
    func continuationAfterHeadings() throws {
        let cells = try #require(Self.row(Self.report(continuation: "诉类申请", first: "\t\t\t0\t0\t0\t", second: "2\t1\t0\t\t\t\t3")))
        #expect(cells == [2, 1, 0, 0, 0, 0, 3])
    }

    @Test("text after the headings that does not end the row's label brings no values to it")
    func otherTextIgnored() throws {
        let cells = try #require(Self.row(Self.report(continuation: "单位：件", first: "\t\t\t0\t0\t0\t", second: "2\t1\t0\t\t\t\t3")))
        #expect(cells[0] == nil && cells[1] == nil && cells[6] == nil)
        #expect(cells[3] == 0)
    }
}
