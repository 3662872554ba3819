import NianbaoCore

/// Draws arithmetically consistent values for the three tables.
///
/// Table 三 is built from individual applications: each one is new or carried over, has an applicant
/// type, and is either carried forward or ends in one result row. Every sum of the template (row
/// totals, the （七）总计 row, 新收 + 结转 = 总计 + 结转下年) therefore holds by construction.
enum TableValueGenerator {
    /// How busy the body was: most bodies receive a handful of requests, some none, a few hundreds.
    enum Volume: CaseIterable {
        case none, few, some, many
    }

    static func volume(_ rng: inout SeededGenerator) -> Volume {
        [Volume.none, .few, .some, .many][rng.weightedIndex([25, 35, 28, 12])]
    }

    // MARK: Table 三

    static func applications(format: FormatVersion, volume: Volume, rng: inout SeededGenerator) -> ApplicationsTable {
        var table = ApplicationsTable(format: format)
        for row in ApplicationRow.rows(for: format) { table.rows[row] = Array(repeating: 0, count: 7) }
        let newCount: Int
        switch volume {
        case .none: newCount = 0
        case .few: newCount = rng.int(1...6)
        case .some: newCount = rng.int(7...40)
        case .many: newCount = rng.int(41...420)
        }
        let columnWeights = rng.chance(0.3) ? [60, 25, 1, 3, 6, 5] : [85, 8, 0, 1, 2, 4]
        var available = [Int](repeating: 0, count: 6)
        for _ in 0..<newCount {
            let column = rng.weightedIndex(columnWeights)
            table[.new, ApplicantColumn(rawValue: column)!]! += 1
            available[column] += 1
        }
        if volume != .none || rng.chance(0.15), rng.chance(0.35) {
            for column in [0, 1] where rng.chance(0.6) {
                let carried = rng.int(0...(volume == .many ? 12 : 3))
                table[.carriedOver, ApplicantColumn(rawValue: column)!] = carried
                available[column] += carried
            }
        }
        let results = ApplicationRow.resultRows(for: format)
        let weights = results.map { resultWeight($0) }
        for column in 0..<6 where available[column] > 0 {
            let forward = rng.chance(0.3) ? rng.int(0...min(available[column], volume == .many ? 15 : 2)) : 0
            table[.carriedForward, ApplicantColumn(rawValue: column)!] = forward
            for _ in 0..<(available[column] - forward) {
                let row = results[rng.weightedIndex(weights)]
                table[row, ApplicantColumn(rawValue: column)!]! += 1
            }
        }
        keepOtherShareLow(&table)
        recomputeTotals(&table)
        return table
    }

    private static func resultWeight(_ row: ApplicationRow) -> Int {
        switch row {
        case .granted: 34
        case .partiallyGranted: 9
        case .withheld1: 0
        case .withheld2, .withheld3, .withheld7, .withheld8: 1
        case .withheld4, .withheld6: 3
        case .withheld5: 2
        case .unable1: 26
        case .unable2: 4
        case .unable3: 3
        case .notProcessed1: 3
        case .notProcessed2: 5
        case .notProcessed3, .notProcessed4, .notProcessed5: 1
        case .other1: 2
        case .other2: 1
        case .other3, .other: 1
        default: 0
        }
    }

    /// Moves 其他处理 results to 予以公开 where they would exceed 10% of the total (T3_OTHER_SHARE).
    private static func keepOtherShareLow(_ table: inout ApplicationsTable) {
        let otherRow: ApplicationRow = table.format == .v2021 ? .other3 : .other
        var total = 0
        for row in ApplicationRow.resultRows(for: table.format) {
            for column in ApplicantColumn.applicants { total += table[row, column] ?? 0 }
        }
        for column in ApplicantColumn.applicants {
            var others = 0
            for c in ApplicantColumn.applicants { others += table[otherRow, c] ?? 0 }
            guard others * 10 > total, let value = table[otherRow, column], value > 0 else { continue }
            table[otherRow, column] = 0
            table[.granted, column] = (table[.granted, column] ?? 0) + value
        }
    }

    /// Sets every row's 总计 and the （七）总计 row from the applicant cells of the result rows.
    static func recomputeTotals(_ table: inout ApplicationsTable) {
        let results = ApplicationRow.resultRows(for: table.format)
        for column in ApplicantColumn.applicants {
            table[.total, column] = results.reduce(0) { $0 + (table[$1, column] ?? 0) }
        }
        for row in ApplicationRow.rows(for: table.format) {
            table[row, .total] = ApplicantColumn.applicants.reduce(0) { $0 + (table[row, $1] ?? 0) }
        }
    }

    /// Adds one new application that ends in `row`, column `column`, keeping every sum true.
    static func addApplication(_ table: inout ApplicationsTable, row: ApplicationRow, column: ApplicantColumn) {
        for (r, c) in [
            (row, column), (row, .total), (.total, column), (.total, .total), (.new, column), (.new, .total),
        ] {
            table[r, c] = (table[r, c] ?? 0) + 1
        }
    }

    // MARK: Table 四

    static func reviewLitigation(volume: Volume, rng: inout SeededGenerator) -> ReviewLitigationTable {
        var table = ReviewLitigationTable()
        let active = volume == .many ? 0.7 : (volume == .none ? 0.05 : 0.25)
        for block in 0..<3 {
            var parts = [0, 0, 0, 0]
            if rng.chance(active) {
                let scale = volume == .many ? 9 : 3
                parts = [rng.int(0...scale), rng.int(0...2), rng.int(0...scale / 2 + 1), rng.int(0...scale)]
            }
            for (index, value) in parts.enumerated() { table.cells[block * 5 + index] = value }
            table.cells[block * 5 + 4] = parts.reduce(0, +)
        }
        return table
    }

    // MARK: Table 二

    static func proactive(format: FormatVersion, isBureau: Bool, rng: inout SeededGenerator) -> ProactiveTable {
        var table = ProactiveTable(format: format)
        func small(_ upper: Int) -> Int { rng.chance(0.55) ? 0 : rng.int(0...upper) }
        func decisions(_ upper: Int) -> Int { rng.chance(0.35) ? 0 : rng.int(0...upper) }
        switch format {
        case .v2021:
            for item in ["regulations", "normative_documents"] {
                let canMake = item == "normative_documents" || isBureau && rng.chance(0.2)
                let issued = canMake ? small(4) : 0
                let repealed = canMake ? small(3) : 0
                let inForce = canMake ? issued + small(20) : 0
                table[item, "issued"] = .integer(issued)
                table[item, "repealed"] = .integer(repealed)
                table[item, "in_force"] = .integer(inForce)
            }
            table["licensing", "decisions"] = .integer(decisions(isBureau ? 2_000 : 120))
            table["penalty", "decisions"] = .integer(decisions(isBureau ? 600 : 150))
            table["enforcement", "decisions"] = .integer(small(25))
            table["fees", "amount"] = .decimal(DecimalText(amount(&rng))!)
        case .v2019:
            for item in ["regulations", "normative_documents"] {
                let made = item == "normative_documents" ? small(4) : 0
                let published = made
                table[item, "made"] = .integer(made)
                table[item, "published"] = .integer(published)
                table[item, "published_total"] = .integer(published + (item == "normative_documents" ? small(15) : 0))
            }
            for item in ["licensing", "other_services", "penalty", "enforcement"] {
                table[item, "previous_items"] = .integer(small(60))
                table[item, "change"] = .integer(rng.chance(0.6) ? 0 : rng.int(-5...80))
                table[item, "decisions"] = .integer(decisions(item == "other_services" ? 30 : 300))
            }
            table["fees", "previous_items"] = .integer(small(5))
            table["fees", "change"] = .integer(rng.chance(0.8) ? 0 : rng.int(-2...3))
            table["procurement", "items"] = .integer(small(12))
            table["procurement", "amount"] = .decimal(DecimalText(amount(&rng))!)
            if rng.chance(0.3) { table.amountUnits["procurement"] = rng.pick(["万元", "元"]) }
        }
        return table
    }

    /// A money amount as a decimal string: often `0`, else with up to four decimals.
    static func amount(_ rng: inout SeededGenerator) -> String {
        if rng.chance(0.6) { return "0" }
        let whole = rng.chance(0.8) ? rng.int(0...99) : rng.int(100...2_999)
        let places = rng.int(0...4)
        if places == 0 { return whole == 0 ? "0" : String(whole) }
        var fraction = ""
        for index in 0..<places { fraction += String(index == places - 1 ? rng.int(1...9) : rng.int(0...9)) }
        return "\(whole).\(fraction)"
    }
}
