/// Fills in blank cells whose value follows uniquely from a table's own sums.
///
/// A cell is inferred only when every sum in which it is the sole unknown gives the same
/// non-negative value, and that value comes from the cell's own row (or block of table 四), or
/// from at least two sums. A column's sum, or the balance of 本年新收 + 上年结转 = 总计 + 结转下年,
/// runs across many rows: an error in any of them would turn into a wrong value that nothing
/// else checks, so such a sum fills in a cell only when a second one confirms it. Nothing else is
/// ever filled in.
enum TableInference {
    /// A linear sum: `Σ terms = 0` with coefficients ±1.
    struct Equation: Sendable {
        var terms: [(cell: Int, sign: Int)]
        /// Whether this sum alone may fill in a cell: a row's own sum (a block's in table 四). A
        /// column's or the balance's sum needs a second sum giving the same value.
        var standsAlone = true
    }

    /// Infers unknown `cells` (indices into `values`) from `equations`; returns the indices
    /// inferred, in index order.
    static func infer(_ values: inout [Int?], equations: [Equation], eligible: Set<Int>) -> [Int] {
        var inferred: [Int] = []
        while true {
            // For each cell: the values proposed, by how many sums, and whether one of them stands alone.
            var proposals: [Int: (values: Set<Int>, count: Int, alone: Bool)] = [:]
            for equation in equations {
                var unknown: (cell: Int, sign: Int)? = nil
                var unknownCount = 0
                var sum = 0
                for term in equation.terms {
                    if let value = values[term.cell] {
                        sum += term.sign * value
                    } else {
                        unknownCount += 1
                        unknown = term
                    }
                }
                guard unknownCount == 1, let unknown, eligible.contains(unknown.cell) else { continue }
                let value = -sum * unknown.sign
                proposals[unknown.cell, default: ([], 0, false)].values.insert(value)
                proposals[unknown.cell]!.count += 1
                if equation.standsAlone { proposals[unknown.cell]!.alone = true }
            }
            var changed = false
            for (cell, proposal) in proposals.sorted(by: { $0.key < $1.key }) {
                guard proposal.values.count == 1, let value = proposal.values.first, value >= 0,
                    proposal.alone || proposal.count >= 2
                else { continue }
                values[cell] = value
                inferred.append(cell)
                changed = true
            }
            if !changed { break }
        }
        return inferred
    }

    /// The equations of table 三 over cells indexed `row * 7 + column`.
    static func applicationEquations(format: FormatVersion) -> [Equation] {
        format == .v2021 ? equations2021 : equations2019
    }

    static let equations2021 = makeApplicationEquations(format: .v2021)
    static let equations2019 = makeApplicationEquations(format: .v2019)

    private static func makeApplicationEquations(format: FormatVersion) -> [Equation] {
        let rows = ApplicationRow.rows(for: format)
        func index(_ row: ApplicationRow, _ column: Int) -> Int { rows.firstIndex(of: row)! * 7 + column }
        var equations: [Equation] = []
        for row in rows {
            var terms = (0..<6).map { (cell: index(row, $0), sign: 1) }
            terms.append((cell: index(row, 6), sign: -1))
            equations.append(Equation(terms: terms))
        }
        for column in 0..<7 {
            var terms = ApplicationRow.resultRows(for: format).map { (cell: index($0, column), sign: 1) }
            terms.append((cell: index(.total, column), sign: -1))
            equations.append(Equation(terms: terms, standsAlone: false))
            equations.append(Equation(terms: [
                (index(.new, column), 1), (index(.carriedOver, column), 1), (index(.total, column), -1),
                (index(.carriedForward, column), -1),
            ], standsAlone: false))
        }
        return equations
    }

    /// The equations of table 四 over its fifteen cells.
    static let reviewEquations: [Equation] = (0..<3).map { block in
        Equation(terms: (0..<4).map { (cell: block * 5 + $0, sign: 1) } + [(cell: block * 5 + 4, sign: -1)])
    }
}
