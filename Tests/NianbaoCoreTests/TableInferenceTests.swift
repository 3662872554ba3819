@testable import NianbaoCore
import Testing

/// Which blank cells table 三's sums fill in: a row's own sum alone, a column's sum or the balance
/// only when a second sum confirms the value.
@Suite("Table inference")
struct TableInferenceTests {
    static let rows = ApplicationRow.rows(for: .v2021)
    static func cell(_ row: ApplicationRow, _ column: ApplicantColumn) -> Int { rows.firstIndex(of: row)! * 7 + column.rawValue }

    /// A consistent 2021 table: one application by a natural person, granted.
    static func table() -> [Int?] {
        var values: [Int?] = Array(repeating: 0, count: rows.count * 7)
        for row in [ApplicationRow.new, .granted, .total] {
            values[cell(row, .naturalPerson)] = 1
            values[cell(row, .total)] = 1
        }
        return values
    }

    static func infer(_ values: inout [Int?], eligible: [Int]) -> [Int] {
        TableInference.infer(&values, equations: TableInference.applicationEquations(format: .v2021), eligible: Set(eligible))
    }

    @Test("a blank cell given by its row's own sum is filled in")
    func rowSumAlone() {
        var values = Self.table()
        let blank = Self.cell(.granted, .total)
        values[blank] = nil
        // The total column has a second unknown: only the row's sum gives the blank cell.
        values[Self.cell(.partiallyGranted, .total)] = nil
        #expect(Self.infer(&values, eligible: [blank]) == [blank])
        #expect(values[blank] == 1)
    }

    @Test("a blank cell given by its column's sum alone stays unknown")
    func columnSumAlone() {
        var values = Self.table()
        let blank = Self.cell(.notProcessed1, .commercial)
        values[blank] = nil
        // An unreadable cell in the same row: the row's sum cannot confirm the column's value.
        values[Self.cell(.notProcessed1, .naturalPerson)] = nil
        #expect(Self.infer(&values, eligible: [blank]).isEmpty)
        #expect(values[blank] == nil)
    }

    @Test("a blank cell given by its row and its column alike is filled in")
    func rowAndColumnAgree() {
        var values = Self.table()
        let blank = Self.cell(.notProcessed1, .commercial)
        values[blank] = nil
        #expect(Self.infer(&values, eligible: [blank]) == [blank])
        #expect(values[blank] == 0)
    }

    @Test("two column-wide sums that agree fill in a cell; two that disagree do not")
    func columnAndBalance() {
        // 总计's 商业企业 cell: the column's sum and the balance both give it; its row cannot (an
        // unreadable cell beside it).
        var values = Self.table()
        let blank = Self.cell(.total, .commercial)
        values[blank] = nil
        values[Self.cell(.total, .naturalPerson)] = nil
        #expect(Self.infer(&values, eligible: [blank]) == [blank])
        #expect(values[blank] == 0)

        var broken = Self.table()
        broken[blank] = nil
        broken[Self.cell(.total, .naturalPerson)] = nil
        broken[Self.cell(.carriedForward, .commercial)] = 1  // the balance now gives -1, the column 0
        #expect(Self.infer(&broken, eligible: [blank]).isEmpty)
    }
}
