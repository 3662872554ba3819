/// Table 三 as read: every row of the report's format, seven cells each.
///
/// A cell is `nil` when it is blank or could not be read with certainty. Cells filled in from the
/// table's own sums are listed in ``inferred``.
public struct ApplicationsTable: Sendable, Hashable {
    /// The format whose rows this table holds.
    public var format: FormatVersion
    /// Seven cells per row (six applicant columns and 总计), for every row of ``format``.
    public var rows: ApplicationRowMap<[Int?]>
    /// Cells filled in by inference, in the order they were inferred.
    public var inferred: [CellRef]

    /// An empty table of `format`: every cell unknown.
    public init(format: FormatVersion) {
        self.format = format
        let formatRows = ApplicationRow.rows(for: format)
        var rows = ApplicationRowMap<[Int?]>()
        let unknown: [Int?] = Array(repeating: nil, count: 7)  // one buffer, copied on write
        for row in formatRows { rows[row] = unknown }
        self.rows = rows
        self.inferred = []
    }

    /// The cell at `row`, `column`, or `nil` when unknown.
    public subscript(row: ApplicationRow, column: ApplicantColumn) -> Int? {
        get { rows[row]?[column.rawValue] ?? nil }
        set {
            if rows[row] == nil { rows[row] = Array(repeating: nil, count: 7) }
            rows[row]![column.rawValue] = newValue
        }
    }

    /// Whether no cell at all is known.
    public var isEmpty: Bool { rows.values.allSatisfy { $0.allSatisfy { $0 == nil } } }
}

/// A reference to one cell of table 三, written `row.column` in results.
public struct CellRef: Sendable, Hashable, CustomStringConvertible {
    public var row: ApplicationRow
    public var column: ApplicantColumn
    public init(row: ApplicationRow, column: ApplicantColumn) {
        self.row = row
        self.column = column
    }
    public var description: String { "\(row.key).\(column.key)" }
}
