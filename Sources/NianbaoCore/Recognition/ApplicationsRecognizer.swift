/// Reads table 三 from token lines.
struct ApplicationsRecognizer {
    /// What was read, with the evidence the checks and findings need.
    struct Outcome {
        var table: ApplicationsTable
        /// Rows whose cells stayed ambiguous, with the readings that fit.
        var ambiguous = ApplicationRowMap<[[CellValue?]]>()
        /// Rows that had no label in the document.
        var absentRows: [ApplicationRow] = []
        /// Cells read differently by two lines of the same row.
        var conflicts: [CellRef] = []
        /// Cells left blank in the source (indices `row * 7 + column` in the format's row order).
        var blankCells: Set<Int> = []
        /// Cells unreadable in the source (OCR garbage), indexed like ``blankCells``.
        var unreadableCells: Set<Int> = []
        /// Rows whose numbers could not be placed in the columns: more or fewer than the columns,
        /// and no placement (nor split of digits run together) that adds up.
        var misalignedRows: Set<ApplicationRow> = []
        /// Cells holding a decimal where a count belongs.
        var nonIntegers: [CellRef] = []
        /// Whether the table has the extra 法人或其他组织 小计 column of some local templates.
        var subtotalColumn = false
        /// Rows whose 小计 is not the sum of the five organisation columns.
        var subtotalMismatches: [(row: ApplicationRow, subtotal: Int, sum: Int)] = []
        /// Whether the 2019 single-row （六）其他处理 was used.
        var singleOtherRow: Bool
        var firstLine: Int
        var lastLine: Int
    }

    /// Reads the table from `lines` (starting where it may begin); `nil` when no row is found.
    static func read(_ lines: ArraySlice<TokenLine>) -> Outcome? {
        let opening: Set<ApplicationRow> = [.new, .carriedOver, .granted]
        var scanner = RowScanner<ApplicationRow>(
            decide: { own, all, current in
                // （六）其他处理 followed by a sub-row's ordinal (`其他处理 1.申请人无正`) is a sub-row whose
                // label wrapped, not the single 2019 row.
                func match(key: String) -> ApplicationRow? {
                    let row = ApplicationRowMatcher.match(key: key, previous: current)
                    return row == .other && ApplicationRowMatcher.hasSubItemAfterGroup(key: key) ? nil : row
                }
                // Each key form computed once, the second only when needed (`all` is often `own`).
                let ownKey = TextNormalizer.key(own)
                var computedAllKey: String? = nil
                func allKey() -> String {
                    if let computedAllKey { return computedAllKey }
                    let key = all.equalsBytes(own) ? ownKey : TextNormalizer.key(all)
                    computedAllKey = key
                    return key
                }
                var matched = match(key: ownKey)
                // The group label （六）其他处理 beside a sub-row whose label wrapped onto the lines
                // before: the sub-row it is. (When `all` is `own` that match is the one just made.)
                if matched == nil || matched == .other, !all.equalsBytes(own), let specific = match(key: allKey()),
                    specific != .other || matched == nil
                {
                    matched = specific
                }
                if let matched {
                    if current == nil && !opening.contains(matched) { return .continuation }
                    if current == .carriedForward && matched != .carriedForward { return .stop }
                    return .row(matched)
                }
                if current == .carriedForward {
                    // The rest of its own wrapped label (`度继续办理`) continues the last row; anything else ends the table.
                    return ApplicationRowMatcher.continuesCarriedForward(key: allKey()) ? .continuation : .stop
                }
                if ApplicationRowMatcher.isHeading(key: allKey()) {
                    // A label wrapped across a page break, the column headings repeated between its
                    // lines (`1.信访举报投` … headings … `诉类申请`): the rest of the label, then its values.
                    if let current, ApplicationRowMatcher.endsTemplateLabel(of: current, key: ownKey) { return .continuation }
                    return .ignore
                }
                return .continuation
            },
            isBoundary: { text, current in
                if let match = SectionHeadings.match(text), match.number >= 4 || (match.number != 3 && current == .carriedForward) {
                    return true
                }
                if current == .carriedForward, ApplicationRowMatcher.match(text, previous: current) == nil {
                    return true
                }
                return false
            },
            startsRow: ApplicationRowMatcher.beginsRow)
        let subtotal = lines.contains { !$0.isEmpty && $0.keyHasAny(subtotalWords) }
        if let columnMajor = readColumnMajor(lines, subtotal: subtotal) { return columnMajor }
        _ = scanner.scan(lines)
        scanner.finish()
        let hints = columnHints(lines)
        guard !scanner.hits.isEmpty else { return nil }

        let hits = scanner.hits
        let hasSubOther = hits.contains { [.other1, .other2, .other3].contains($0.row) }
        let hasSingleOther = hits.contains { $0.row == .other }
        let format: FormatVersion = hasSubOther || !hasSingleOther ? .v2021 : .v2019
        let table = ApplicationsTable(format: format)
        var outcome = Outcome(
            table: table, singleOtherRow: hasSingleOther && !hasSubOther,
            firstLine: hits.first!.firstLine, lastLine: hits.map(\.lastLine).max()!)

        // Group the hits by row (a label repeated after a page break adds groups to its row).
        var groupsByRow = ApplicationRowMap<[ValueGroup]>()
        for hit in hits {
            var row = hit.row
            // A 2021 table with a single （六） row, or a 2019 table with sub-rows: map to the format.
            if format == .v2021 && row == .other { row = .other3 }
            if format == .v2019 && [.other1, .other2, .other3].contains(row) { row = .other }
            groupsByRow[row, default: []] += hit.groups.map { group in
                var group = group
                if group.isDelimited { group.hint = hints[group.line] }
                return group
            }
        }
        // Rows starting at the same cell put their values in the same columns.
        let width = subtotal ? 8 : 7
        let bodyColumns = CellSolver.bodyColumns(groupsByRow.values.flatMap { $0 }, width: width)
        if !bodyColumns.isEmpty {
            for (row, groups) in groupsByRow {
                groupsByRow[row] = groups.map { group in
                    var group = group
                    if group.isDelimited, let start = group.tokens.first?.column, let first = bodyColumns[start] {
                        group.hint = group.hint ?? CellSolver.ColumnHint()
                        group.hint!.bodyFirst = first
                    }
                    return group
                }
            }
        }
        var readings = ApplicationRowMap<CellSolver.Reading>()
        for row in ApplicationRow.rows(for: format) {
            guard let groups = groupsByRow[row] else {
                outcome.absentRows.append(row)
                continue
            }
            readings[row] = CellSolver.read(groups, width: width, constraint: subtotal ? .subtotalThenTotal : .lastIsSum)
        }
        outcome.subtotalColumn = subtotal
        return finish(readings, outcome: outcome, format: format)
    }

    /// Resolves readings across rows and fills the table.
    static func finish(_ readings: ApplicationRowMap<CellSolver.Reading>, outcome: Outcome, format: FormatVersion) -> Outcome {
        var readings = readings
        var outcome = outcome
        var table = ApplicationsTable(format: format)
        if outcome.subtotalColumn {
            // Check and drop the 小计 column: the result keeps the national seven columns.
            for (row, reading) in readings {
                var dropped = reading
                dropped.candidates = reading.candidates.map { candidate in
                    if candidate.count == 8, let subtotal = candidate[6]?.integer {
                        let five = candidate[1...5].compactMap { $0?.integer }
                        if five.count == 5, five.reduce(0, +) != subtotal, reading.candidates.count == 1 {
                            outcome.subtotalMismatches.append((row, subtotal, five.reduce(0, +)))
                        }
                    }
                    return candidate.count == 8 ? Array(candidate[0..<6]) + [candidate[7]] : candidate
                }
                // Positions of the eight columns as positions of the seven: 小计 (6) gone, 总计 (7) is 6.
                func withoutSubtotal(_ positions: Set<Int>) -> Set<Int> {
                    Set(positions.compactMap { $0 == 6 ? nil : ($0 == 7 ? 6 : $0) })
                }
                dropped.blank = withoutSubtotal(reading.blank)
                dropped.unreadable = withoutSubtotal(reading.unreadable)
                dropped.conflicts = withoutSubtotal(reading.conflicts)
                readings[row] = dropped
            }
        }
        resolveAcrossRows(&readings, format: format)
        for row in ApplicationRow.rows(for: format) {
            guard let reading = readings[row] else { continue }
            let candidates = reading.candidates
            var values: [Int?] = Array(repeating: nil, count: 7)
            for column in 0..<7 {
                let first = candidates[0][column]
                let agreed = candidates.allSatisfy { $0[column] == first }
                guard agreed, let value = first else { continue }
                switch value {
                case .integer(let integer): values[column] = integer
                case .decimal: outcome.nonIntegers.append(CellRef(row: row, column: ApplicantColumn(rawValue: column)!))
                }
            }
            if candidates.count > 1 && reading.fromSplits { outcome.ambiguous[row] = Array(candidates.prefix(4)) }
            let rowIndex = ApplicationRow.rows(for: format).firstIndex(of: row)!
            for column in reading.blank where values[column] == nil { outcome.blankCells.insert(rowIndex * 7 + column) }
            for column in reading.unreadable where values[column] == nil {
                outcome.unreadableCells.insert(rowIndex * 7 + column)
            }
            if reading.misaligned { outcome.misalignedRows.insert(row) }
            for column in reading.conflicts.sorted() {
                outcome.conflicts.append(CellRef(row: row, column: ApplicantColumn(rawValue: column)!))
            }
            table.rows[row] = values
        }
        outcome.table = table
        return outcome
    }

    /// Layout 7c, text extracted from a PDF column by column: for each page of the table, every
    /// row label first, then each column's numbers as a block. The numbers of a page fill its
    /// rows column by column when their count is exactly seven times the rows; otherwise the
    /// page's cells stay unknown.
    static func readColumnMajor(_ lines: ArraySlice<TokenLine>, subtotal: Bool) -> Outcome? {
        let width = subtotal ? 8 : 7
        var pages: [(rows: [ApplicationRow], values: [Token])] = []
        var rows: [ApplicationRow] = []
        var values: [Token] = []
        var firstLine: Int? = nil
        var lastLine = lines.startIndex
        for line in lines where !line.isEmpty {
            if line.isDelimited {
                if firstLine != nil { break }
                continue
            }
            let isValueLine = line.tokens.allSatisfy { ($0.kind == .number && $0.unitIndex == nil) || $0.kind == .blank }
            if isValueLine {
                guard !rows.isEmpty else { continue }
                // Values right after the first label: rows are written one by one, not by columns.
                if pages.isEmpty && rows.count < 3 && values.isEmpty { return nil }
                values += line.tokens
                lastLine = line.index
                continue
            }
            if !values.isEmpty {
                pages.append((rows, values))
                rows = []
                values = []
            }
            if firstLine != nil, let heading = SectionHeadings.match(line.text), heading.number >= 4 { break }
            // A label line mixing text and numbers means rows are written one per line.
            if line.tokens.contains(where: { $0.kind == .number }) {
                if firstLine == nil { continue }
                break
            }
            guard line.text.utf8.count <= 150, let row = ApplicationRowMatcher.match(line.text, previous: rows.last) else {
                continue
            }
            // The column headings (…其他, 总计) come before a page's labels.
            if rows.isEmpty && row == .total { continue }
            if firstLine == nil {
                guard row == .new || row == .carriedOver else { continue }
                firstLine = line.index
            }
            if row != rows.last { rows.append(row) }
        }
        if !values.isEmpty { pages.append((rows, values)) }
        guard let firstLine, !pages.isEmpty, pages.allSatisfy({ $0.rows.count >= 3 }),
            pages.reduce(0, { $0 + $1.rows.count }) >= 10
        else { return nil }

        var allRows = pages.flatMap(\.rows)
        let hasSubOther = allRows.contains { [.other1, .other2, .other3].contains($0) }
        let format: FormatVersion = hasSubOther || !allRows.contains(.other) ? .v2021 : .v2019
        if hasSubOther { allRows.removeAll { $0 == .other } }
        var readings = ApplicationRowMap<CellSolver.Reading>()
        var misalignedRows: [ApplicationRow] = []
        for page in pages {
            var pageRows = page.rows
            if hasSubOther { pageRows.removeAll { $0 == .other } }
            let count = pageRows.count
            let aligned = page.values.count == count * width
            for (rowIndex, row) in pageRows.enumerated() {
                var cells: [Token] = []
                if aligned { cells = (0..<width).map { page.values[$0 * count + rowIndex] } }
                let tokens = aligned ? cells : []
                if !aligned { misalignedRows.append(row) }
                let reading = aligned
                    ? CellSolver.Reading(
                        candidates: [tokens.map(CellSolver.value(of:))], blank: CellSolver.positions(of: .blank, in: tokens),
                        unreadable: CellSolver.positions(of: .garbage, in: tokens))
                    : CellSolver.Reading(candidates: [Array(repeating: nil, count: width)], misaligned: true)
                readings[row] = reading
            }
        }
        var outcome = Outcome(
            table: ApplicationsTable(format: format), singleOtherRow: allRows.contains(.other) && !hasSubOther,
            firstLine: firstLine, lastLine: lastLine)
        outcome.subtotalColumn = subtotal
        outcome.absentRows = ApplicationRow.rows(for: format).filter { readings[$0] == nil }
        return finish(readings, outcome: outcome, format: format)
    }

    /// The column of some local templates' extra 小计 column (key form).
    static let subtotalWords = ["小计"]
    /// Headings (key form) that place the value columns: 自然人 the first, 总计 or 合计 the last.
    static let columnHeadingWords = ["自然人", "总计", "合计"]

    /// For each line, the columns of 自然人 and 总计 in the latest heading rows above it.
    static func columnHints(_ lines: ArraySlice<TokenLine>) -> CellSolver.LineHints {
        var hints = CellSolver.LineHints()
        var current = CellSolver.ColumnHint()
        for line in lines {
            if line.isDelimited, !line.tokens.contains(where: { $0.kind == .number }), line.keyHasAny(columnHeadingWords) {
                for token in line.tokens where token.kind == .text {
                    let key = TextNormalizer.key(token.text)
                    if key.equalsBytes("自然人") { current.first = token.column }
                    if key.equalsBytes("总计") || key.equalsBytes("合计") { current.last = token.column }
                }
                if current.first != nil || current.last != nil { hints.set(current, from: line.index) }
            }
        }
        return hints
    }

    /// Uses the columns' arithmetic (totals row, 勾稽关系) to choose among a row's readings.
    static func resolveAcrossRows(_ readings: inout ApplicationRowMap<CellSolver.Reading>, format: FormatVersion) {
        let ambiguousRows = ApplicationRow.rows(for: format).filter { (readings[$0]?.candidates.count ?? 0) > 1 }
        guard !ambiguousRows.isEmpty else { return }
        var combinations = 1
        for row in ambiguousRows {
            combinations *= readings[row]!.candidates.count
            if combinations > 50_000 { return }
        }
        var chosen = ApplicationRowMap<[CellValue?]>()
        for row in ApplicationRow.rows(for: format) where !ambiguousRows.contains(row) {
            chosen[row] = readings[row]?.candidates.first
        }
        var survivors: [[Int]] = []
        var choice = Array(repeating: 0, count: ambiguousRows.count)
        func columnsHold() -> Bool {
            for column in 0..<7 {
                func cell(_ row: ApplicationRow) -> Int? { chosen[row]?[column]?.integer }
                var sum = 0
                var known = true
                for row in ApplicationRow.resultRows(for: format) {
                    guard let value = cell(row) else { known = false; break }
                    sum += value
                }
                if known, let total = cell(.total), total != sum { return false }
                if let new = cell(.new), let over = cell(.carriedOver), let total = cell(.total),
                    let forward = cell(.carriedForward), new + over != total + forward
                {
                    return false
                }
            }
            return true
        }
        func visit(_ index: Int) {
            if survivors.count > 64 { return }
            if index == ambiguousRows.count {
                if columnsHold() { survivors.append(choice) }
                return
            }
            let row = ambiguousRows[index]
            for (candidateIndex, candidate) in readings[row]!.candidates.enumerated() {
                choice[index] = candidateIndex
                chosen[row] = candidate
                visit(index + 1)
            }
            chosen[row] = nil
        }
        visit(0)
        guard !survivors.isEmpty else { return }
        for (index, row) in ambiguousRows.enumerated() {
            let picks = Set(survivors.map { $0[index] })
            readings[row]!.candidates = picks.sorted().map { readings[row]!.candidates[$0] }
        }
    }
}
