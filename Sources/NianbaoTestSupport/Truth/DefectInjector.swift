import NianbaoCore

/// Puts one defect into a report's tables and records what the checker must say about it.
///
/// Section defects (missing, empty, too long, no fee statement) only need a record here; the prose
/// and the section list are shaped by ``TruthBuilder``.
struct DefectInjector {
    var rng: SeededGenerator

    mutating func inject(_ kind: Defect.Kind, into truth: inout ReportTruth) {
        switch kind {
        case .t3TotalColumn: totalColumn(&truth)
        case .t3TotalRow: totalRow(&truth)
        case .t3Balance: balance(&truth)
        case .t4BlockSum: blockSum(&truth)
        case .missingCellApplications: missingApplications(&truth)
        case .missingCellReview: missingReview(&truth)
        case .missingCellProactive: missingProactive(&truth)
        case .inferredCells: inferred(&truth)
        case .negativeValue: negative(&truth)
        case .oldProactiveFormat:
            truth.defects = [
                Defect(
                    kind: kind, code: .formatVersion, severity: truth.year >= 2022 ? .error : .warning,
                    detail: "2019-format table 二 in a \(truth.year) report")
            ]
        case .oldApplicationsFormat:
            truth.defects = [
                Defect(
                    kind: kind, code: .formatVersion, severity: .warning,
                    detail: "2019-format table 三 (single （六）其他处理 row) in a \(truth.year) report")
            ]
        case .sec6FeeMissing:
            truth.defects = [Defect(kind: kind, code: .sec6FeeMissing, severity: .error, detail: "no 信息处理费 in 六")]
            truth.toleratedCodes = [.sec6FeeForUnpaid]
        case .sec5Empty:
            truth.defects = [Defect(kind: kind, code: .sec5Empty, severity: .error, detail: "section 五 is 无")]
            truth.toleratedCodes = [.sec5Incomplete]
        case .sec5Incomplete:
            truth.defects = [
                Defect(kind: kind, code: .sec5Incomplete, severity: .warning, detail: "section 五 without improvements")
            ]
        case .sec1TooLong:
            truth.defects = [Defect(kind: kind, code: .sec1TooLong, severity: .warning, detail: "section 一 > 1,000")]
        case .sectionMissing:
            break  // the builder removes the section and records the defect
        }
    }

    private func record(_ kind: Defect.Kind, _ code: FindingCode, _ detail: String, _ truth: inout ReportTruth) {
        truth.defects = [Defect(kind: kind, code: code, severity: .error, detail: detail)]
    }

    private mutating func delta(from value: Int) -> Int {
        let size = rng.int(1...3)
        return value >= size && rng.chance(0.4) ? -size : size
    }

    private mutating func totalColumn(_ truth: inout ReportTruth) {
        guard var table = truth.applications else { return }
        let row = rng.pick(ApplicationRow.rows(for: table.format))
        let old = table[row, .total] ?? 0
        let new = old + delta(from: old)
        table[row, .total] = new
        truth.applications = table
        record(.t3TotalColumn, .t3TotalColumn, "\(row.key).total \(old)→\(new)", &truth)
        truth.toleratedCodes = [.t3TotalRow, .t3Balance]
    }

    private mutating func totalRow(_ truth: inout ReportTruth) {
        guard var table = truth.applications else { return }
        let row = rng.pick(ApplicationRow.resultRows(for: table.format))
        let column = rng.pick(ApplicantColumn.applicants)
        let old = table[row, column] ?? 0
        let change = delta(from: old)
        table[row, column] = old + change
        table[row, .total] = (table[row, .total] ?? 0) + change
        truth.applications = table
        record(.t3TotalRow, .t3TotalRow, "\(row.key).\(column.key) \(old)→\(old + change) with its row total", &truth)
        truth.toleratedCodes = [.t3Balance, .t3TotalColumn]
    }

    private mutating func balance(_ truth: inout ReportTruth) {
        guard var table = truth.applications else { return }
        let column = rng.pick(ApplicantColumn.applicants)
        let old = table[.carriedForward, column] ?? 0
        let change = delta(from: old)
        table[.carriedForward, column] = old + change
        table[.carriedForward, .total] = (table[.carriedForward, .total] ?? 0) + change
        truth.applications = table
        record(.t3Balance, .t3Balance, "carried_forward.\(column.key) \(old)→\(old + change) with its total", &truth)
        truth.toleratedCodes = [.t3TotalRow, .t3TotalColumn]
    }

    private mutating func blockSum(_ truth: inout ReportTruth) {
        guard var table = truth.reviewLitigation else { return }
        let block = rng.int(0...2)
        let old = table.cells[block * 5 + 4] ?? 0
        let new = old + delta(from: old)
        table.cells[block * 5 + 4] = new
        truth.reviewLitigation = table
        record(.t4BlockSum, .t4BlockSum, "\(CellAddress.review(block * 5 + 4)) \(old)→\(new)", &truth)
    }

    /// Four blank cells at the corners of a rectangle of result rows × applicant columns: the row and
    /// column sums leave one degree of freedom, and each diagonal holds at least 1 so that even
    /// non-negativity cannot pin the values down.
    private mutating func missingApplications(_ truth: inout ReportTruth) {
        guard var table = truth.applications else { return }
        let rows = rng.shuffled(ApplicationRow.resultRows(for: table.format)).prefix(2)
        let columns = rng.shuffled(ApplicantColumn.applicants).prefix(2)
        let (r1, r2, c1, c2) = (rows.first!, rows.last!, columns.first!, columns.last!)
        if (table[r1, c1] ?? 0) == 0 { TableValueGenerator.addApplication(&table, row: r1, column: c1) }
        if (table[r2, c2] ?? 0) == 0 { TableValueGenerator.addApplication(&table, row: r2, column: c2) }
        var described: [String] = []
        for (row, column) in [(r1, c1), (r1, c2), (r2, c1), (r2, c2)] {
            described.append("\(row.key).\(column.key)=\(table[row, column] ?? 0)")
            table[row, column] = nil
            truth.blankCells.insert(.applications(CellRef(row: row, column: column)))
        }
        truth.applications = table
        record(.missingCellApplications, .missingCell, "blank " + described.joined(separator: ", "), &truth)
    }

    private mutating func missingReview(_ truth: inout ReportTruth) {
        guard var table = truth.reviewLitigation else { return }
        let block = rng.int(0...2)
        let fields = rng.shuffled([0, 1, 2, 3]).prefix(2)
        let (i, j) = (block * 5 + fields.first!, block * 5 + fields.last!)
        if (table.cells[i] ?? 0) + (table.cells[j] ?? 0) == 0 {
            table.cells[i] = 1
            table.cells[block * 5 + 4] = (table.cells[block * 5 + 4] ?? 0) + 1
        }
        let described =
            "\(CellAddress.review(i))=\(table.cells[i] ?? 0), \(CellAddress.review(j))=\(table.cells[j] ?? 0)"
        table.cells[i] = nil
        table.cells[j] = nil
        truth.blankCells.formUnion([.review(i), .review(j)])
        truth.reviewLitigation = table
        record(.missingCellReview, .missingCell, "blank " + described, &truth)
    }

    private mutating func missingProactive(_ truth: inout ReportTruth) {
        guard var table = truth.proactive else { return }
        let item = rng.pick(ProactiveLayout.items(for: table.format))
        let field = rng.pick(item.fields)
        table[item.key, field.key] = nil
        truth.proactive = table
        truth.blankCells.insert(.proactive(item: item.key, field: field.key))
        truth.defects = [
            Defect(
                kind: .missingCellProactive, code: .missingCell, severity: .warning,
                detail: "blank \(CellAddress.proactive(item: item.key, field: field.key))")
        ]
    }

    /// Blank 总计 cells (and sometimes one applicant cell) whose values follow from their own row.
    private mutating func inferred(_ truth: inout ReportTruth) {
        guard let table = truth.applications else { return }
        let rows = rng.shuffled(ApplicationRow.resultRows(for: table.format))
        let count = rng.int(1...min(9, rows.count - 1))
        var refs = rows.prefix(count).map { CellRef(row: $0, column: .total) }
        if rng.chance(0.3) {
            let row = rows[count]
            refs.append(CellRef(row: row, column: rng.pick(ApplicantColumn.applicants)))
        }
        refs.sort { ($0.row.orderIndex, $0.column.rawValue) < ($1.row.orderIndex, $1.column.rawValue) }
        for ref in refs { truth.blankCells.insert(.applications(ref)) }
        truth.expectedInferred = refs
        truth.defects = [
            Defect(
                kind: .inferredCells, code: .cellInferred, severity: .info,
                detail: "blank " + refs.map { "\($0)=\(table[$0.row, $0.column] ?? 0)" }.joined(separator: ", "))
        ]
    }

    /// A negative count, balanced by another row so that every sum still holds.
    private mutating func negative(_ truth: inout ReportTruth) {
        guard var table = truth.applications else { return }
        let rows = rng.shuffled(ApplicationRow.resultRows(for: table.format)).prefix(2)
        let column = rng.pick(ApplicantColumn.applicants)
        let amount = rng.int(1...3)
        let (bad, other) = (rows.first!, rows.last!)
        let value = -amount
        let moved = (table[bad, column] ?? 0) - value
        table[bad, column] = value
        table[bad, .total] = (table[bad, .total] ?? 0) - moved
        table[other, column] = (table[other, column] ?? 0) + moved
        table[other, .total] = (table[other, .total] ?? 0) + moved
        truth.applications = table
        record(.negativeValue, .negativeValue, "\(bad.key).\(column.key) = \(value)", &truth)
    }
}

extension ApplicationRow {
    /// Position in the template (both formats share one order).
    var orderIndex: Int { ApplicationRow.allCases.firstIndex(of: self) ?? 0 }
}
