import NianbaoCore

/// A defect deliberately put into a generated report, with the finding it must produce.
public struct Defect: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of defect the generator can inject.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One 总计 cell of table 三 changed: the row no longer sums.
        case t3TotalColumn
        /// One result cell changed together with its row total: the （七）总计 row no longer sums.
        case t3TotalRow
        /// 结转下年度继续办理 changed in one column and its total: 新收 + 结转 ≠ 总计 + 结转下年.
        case t3Balance
        /// One block total of table 四 changed.
        case t4BlockSum
        /// A whole section left out (heading, text and, for 二/三/四, the table).
        case sectionMissing
        /// Four blank cells of table 三 forming a rectangle: their values do not follow from the sums.
        case missingCellApplications
        /// Two blank cells in one block of table 四: their values do not follow from the block sum.
        case missingCellReview
        /// One blank cell of table 二: no sum needs it, so only a warning.
        case missingCellProactive
        /// Blank 总计 cells of table 三 whose six applicant cells are given: filled in by inference.
        case inferredCells
        /// A 2019-format table 二 in a report of 2021 or later.
        case oldProactiveFormat
        /// A 2019-format table 三 (single （六）其他处理 row) in a report of 2021 or later.
        case oldApplicationsFormat
        /// Section 六 of a 2021+ report says nothing about 信息处理费.
        case sec6FeeMissing
        /// Section 五 is just 无.
        case sec5Empty
        /// Section 五 names problems but no improvements.
        case sec5Incomplete
        /// Section 一 of a 2021+ report longer than 1,000 characters.
        case sec1TooLong
        /// A negative count in table 三.
        case negativeValue
    }

    /// What was done.
    public var kind: Kind
    /// The code the checker must report for it.
    public var code: FindingCode
    /// The severity that code must have for this report.
    public var severity: Severity
    /// Where and how, for people reading a failing test (`withheld_4.total 3→5`).
    public var detail: String

    public init(kind: Kind, code: FindingCode, severity: Severity, detail: String) {
        self.kind = kind
        self.code = code
        self.severity = severity
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue)→\(code.rawValue)(\(severity.rawValue)): \(detail)" }
}
