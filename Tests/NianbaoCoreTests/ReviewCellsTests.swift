import Foundation
@testable import NianbaoCore
import Testing

/// Blank cells of table 四: written one cell per line (layout 2) as lines holding only a tab, or
/// lost without a trace in PDF text.
@Suite("Table 四: blank cells")
struct ReviewCellsTests {
    static func report(cells: [String]) -> [UInt8] {
        let headings = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
        var lines = ["四、政府信息公开行政复议、行政诉讼情况", ""] + headings.map { "\t" + $0 } + [""]
        lines += cells.map { "\t" + $0 }
        lines += ["", "五、存在的主要问题及改进情况", "无。", ""]
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test("a leading blank cell keeps its place: the other fourteen are read where they are")
    func leadingBlankKept() throws {
        let cells = ["", "1", "2", "", "5", "3", "0", "0", "3", "6", "0", "0", "0", "0", "0"]
        let result = ReportChecker().check(bytes: Self.report(cells: cells), name: "review.txt")
        let table = try #require(result.report?.reviewLitigation)
        #expect(table.cells == [nil, 1, 2, nil, 5, 3, 0, 0, 3, 6, 0, 0, 0, 0, 0])
        // The two blanks of the first block are not determined by its sum (2 = ? + ?): both stay blank.
        #expect(result.findings.contains { $0.code == .missingCell && $0.location?.hasPrefix("四/review") == true })
    }

    @Test("blank lines among the headings are not taken for cells")
    func headingBlanksIgnored() throws {
        var bytes = Self.report(cells: ["4", "1", "0", "0", "5", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"])
        // Empty heading cells (tab-only lines) between two heading lines.
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\t结果维持\n", with: "\t\n\t\n\t结果维持\n")
        bytes = Array(text.utf8)
        let table = try #require(ReportChecker().check(bytes: bytes, name: "review.txt").report?.reviewLitigation)
        #expect(table.cells == [4, 1, 0, 0, 5, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    @Test("a row of fewer than fifteen numbers (blank cells lost in PDF text) says how many were read and what to do")
    func tooFewNumbersExplained() throws {
        // pdftotext -layout of table 四 with two blank cells: thirteen numbers, no trace of the blanks.
        let text = """
            四、政府信息公开行政复议、行政诉讼情况

                                 行政复议                                        行政诉讼
             结果维持  结果纠正  其他结果  尚未审结    总计          未经复议直接起诉                 复议后起诉
                    0                   3                   9         0         0         0         0         0         8         2         3         3        16

            五、存在的主要问题及改进情况
            无。

            """
        let result = ReportChecker().check(bytes: Array(text.utf8), name: "review.txt")
        let finding = try #require(result.findings.first { $0.code == .missingCell && $0.location == "四/review" })
        #expect(finding.messageZh.contains("只读到13个") && finding.messageZh.contains("空白格中填0"), "\(finding.messageZh)")
        #expect(finding.severity == .error)
    }
}
