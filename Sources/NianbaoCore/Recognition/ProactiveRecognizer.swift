/// Reads table 二 (主动公开政府信息情况) from token lines.
struct ProactiveRecognizer {
    struct Outcome {
        var table: ProactiveTable
        /// How the format was decided: from the table's headings, or only from the report year.
        var formatFromHeadings: Bool
        /// Whether headings of both formats were present.
        var mixedHeadings: Bool
        /// Items with no row in the document.
        var absentItems: [String] = []
        /// Items whose cells stayed ambiguous.
        var ambiguousItems: [String] = []
        /// For each item, the fields (by index) whose cells held characters that are not digits (OCR).
        var unreadableFields: [String: Set<Int>] = [:]
        /// The unit printed in the 2021 fee heading (`万元`), if any.
        var feeHeadingUnit: String?
        var firstLine: Int
        var lastLine: Int
    }

    /// Words (key form) that open table 三: table 二 ends before them.
    static let table3Openings = FragmentSet(["本年新收", "勾稽关系"])
    /// Words (key form) of table 三's first lines and headings.
    static let table3BoundaryWords = ["本年新收", "勾稽关系", "申请人情况"]
    static let table3Boundaries = FragmentSet(table3BoundaryWords)
    /// The first characters of ``table3BoundaryWords``: text without any of them holds none of them
    /// in its key form either (which only drops characters), and needs no key computed.
    static let table3BoundaryStarts = FragmentSet(table3BoundaryWords.map { String($0.unicodeScalars.first!) })

    /// A two-cell row (2019's 行政事业性收费 and 政府集中采购) printed as `number, blank, number`: its
    /// second cell spans the last two of the table's three value columns, and aligned text
    /// (`pdftotext -layout`) puts the number under the last of them, leaving a blank column between.
    /// The row has no third cell, so the number is the second cell's. Other groups are returned as they are.
    static func joiningSpannedCell(_ group: ValueGroup) -> ValueGroup {
        let tokens = group.tokens
        guard group.isDelimited, tokens.count == 3, tokens[0].kind == .number, tokens[1].kind == .blank,
            tokens[2].kind == .number, tokens[2].column == tokens[1].column + 1
        else { return group }
        var joined = group
        joined.tokens.remove(at: 1)
        return joined
    }

    /// 本年收费金额 as UTF-8: the heading after which 2021 tables may name the fee unit.
    private static let feeHeading = Array("本年收费金额".utf8)

    static func read(_ lines: ArraySlice<TokenLine>, expectedFormat: FormatVersion?) -> Outcome? {
        var scanner = RowScanner<String>(
            decide: { own, all, current in
                // Each key form computed once (the label alone, and with the text before it).
                let ownKey = TextNormalizer.key(own)
                if let item = ProactiveRowMatcher.match(key: ownKey) { return .row(item) }
                let allKey = all.equalsBytes(own) ? ownKey : TextNormalizer.key(all)
                if let item = ProactiveRowMatcher.match(key: allKey) { return .row(item) }
                if ApplicationRowMatcher.match(key: ownKey, previous: nil) != nil || table3Openings.containsAny(in: allKey) {
                    return .stop
                }
                if ProactiveRowMatcher.isHeading(key: allKey) || ApplicationRowMatcher.isHeading(key: allKey) { return .ignore }
                return .continuation
            },
            isBoundary: { text, _ in
                if let match = SectionHeadings.match(text), match.number >= 3 { return true }
                return table3BoundaryStarts.containsAny(in: text) && table3Boundaries.containsAny(in: TextNormalizer.key(text))
            })
        let end = scanner.scan(lines)
        scanner.finish()
        // Column by column (layout 7c) leaves the scanner without rows: the whole region is the table.
        let columnLayout = scanner.hits.isEmpty
        guard !columnLayout || lines.contains(where: { $0.keyHasAny(["第二十条"]) }) else { return nil }

        // The format from the headings between the first and last row.
        let firstLine = scanner.hits.first?.firstLine ?? lines.startIndex
        let lastLine = scanner.hits.map(\.lastLine).max() ?? max(lines.startIndex, end - 1)
        let from = max(lines.startIndex, firstLine - 6)
        // The key forms of the region's lines, joined as bytes (no string for each line).
        var key: [UInt8] = []
        key.reserveCapacity(2048)
        for line in lines[from..<min(max(lastLine + 1, from), end)] { TextNormalizer.appendKey(of: line.text, to: &key) }
        // Which markers of each format occur: one pass over the key form for all of them.
        let found = key.withUnsafeBufferPointer { ProactiveRowMatcher.markerSet.firstOffsets(in: $0) }
        let count2019 = found[..<ProactiveRowMatcher.markers2019.count].filter { $0 >= 0 }.count
        let count2021 = found[ProactiveRowMatcher.markers2019.count...].filter { $0 >= 0 }.count
        var format: FormatVersion
        var fromHeadings = true
        if count2019 > count2021 {
            format = .v2019
        } else if count2021 > count2019 {
            format = .v2021
        } else {
            fromHeadings = false
            let items = Set(scanner.hits.map(\.row))
            if items.contains("other_services") || items.contains("procurement") {
                format = .v2019
            } else {
                format = expectedFormat ?? .v2021
            }
        }
        var table = ProactiveTable(format: format)
        var outcome = Outcome(
            table: table, formatFromHeadings: fromHeadings, mixedHeadings: count2019 > 0 && count2021 > 0,
            firstLine: firstLine, lastLine: lastLine)
        if format == .v2021, let offset = key.withUnsafeBufferPointer({ key in
            feeHeading.withUnsafeBufferPointer { String.byteOffset(of: $0, in: key) }
        }) {
            // The eight characters after the heading (at most 32 bytes; a key holds no combining marks).
            let after = offset + feeHeading.count
            let tail = String(decoding: key[after..<min(after + 32, key.count)], as: UTF8.self).prefix(8)
            if String(tail).has("万元") { outcome.feeHeadingUnit = "万元" }
            else if tail.hasPrefix("单位元") || tail.hasPrefix("元") { outcome.feeHeadingUnit = "元" }
        }
        // The first value column of each block, from its heading row (信息内容 | 本年制发件数 | …).
        var hints = CellSolver.LineHints(through: lastLine)
        for line in lines where line.index <= lastLine {
            if line.isDelimited, line.keyHasAny(["信息内容"]), let header = line.tokens.firstIndex(where: { $0.kind == .text && TextNormalizer.key($0.text).equalsBytes("信息内容") }) {
                let fields = line.tokens[(header + 1)...].filter { $0.kind == .text }
                hints.set(CellSolver.ColumnHint(first: fields.first?.column, last: fields.last?.column), from: line.index)
            }
        }
        let columnMajor = readColumnMajor(lines, format: format)
        if columnLayout && columnMajor.isEmpty { return nil }
        var groups: [String: [ValueGroup]] = [:]
        for hit in scanner.hits {
            groups[hit.row, default: []] += hit.groups.map { group in
                var group = group
                if group.isDelimited { group.hint = hints[group.line] }
                return group
            }
        }
        for item in ProactiveLayout.items(for: format) {
            if let columns = columnMajor[item.key] {
                for (index, field) in item.fields.enumerated() where index < columns.count {
                    guard let value = columns[index] else { continue }
                    if field.isAmount, case .integer(let integer) = value {
                        table[item.key, field.key] = .decimal(DecimalText(integer))
                    } else {
                        table[item.key, field.key] = value
                    }
                }
                continue
            }
            guard let itemGroups = groups[item.key] else {
                outcome.absentItems.append(item.key)
                continue
            }
            // 2019's 收费 and 采购 rows have two cells under the table's three value columns.
            let groups = item.fields.count == 2 ? itemGroups.map(Self.joiningSpannedCell) : itemGroups
            let reading = CellSolver.read(groups, width: item.fields.count, constraint: .none)
            if reading.candidates.count > 1 && reading.fromSplits { outcome.ambiguousItems.append(item.key) }
            if !reading.unreadable.isEmpty { outcome.unreadableFields[item.key] = reading.unreadable }
            for (index, field) in item.fields.enumerated() {
                let first = reading.candidates[0][index]
                guard reading.candidates.allSatisfy({ $0[index] == first }), let value = first else { continue }
                if field.isAmount {
                    switch value {
                    case .integer(let integer): table[item.key, field.key] = .decimal(DecimalText(integer))
                    case .decimal: table[item.key, field.key] = value
                    }
                } else {
                    table[item.key, field.key] = value
                }
            }
            // Units written in amount cells.
            if let unit = itemGroups.flatMap(\.tokens).first(where: { $0.kind == .number && $0.unitIndex != nil })?.unit {
                table.amountUnits[item.key] = unit
            }
        }
        outcome.table = table
        return outcome
    }
}

extension ProactiveRecognizer {
    /// Layout 7c: each block (第二十条第（X）项) as its row labels, then each column's heading followed
    /// by that column's numbers, one per line. A column fills the block's rows only when it has
    /// exactly one value per row.
    static func readColumnMajor(_ lines: ArraySlice<TokenLine>, format: FormatVersion) -> [String: [CellValue?]] {
        var result: [String: [CellValue?]] = [:]
        var items: [String] = []
        var columns: [[Token]] = []
        var sawColumnValues = false
        func flush() {
            defer {
                items = []
                columns = []
            }
            guard !items.isEmpty, !columns.isEmpty, columns.allSatisfy({ $0.count == items.count }) else { return }
            for (row, item) in items.enumerated() {
                result[item] = columns.map { CellSolver.value(of: $0[row]) }
            }
        }
        for line in lines where !line.isEmpty {
            if line.isDelimited { break }
            let isValueLine = line.tokens.allSatisfy { $0.kind == .number || $0.kind == .blank }
            if isValueLine {
                if !columns.isEmpty {
                    columns[columns.count - 1] += line.tokens
                    sawColumnValues = true
                } else if !items.isEmpty {
                    return [:]  // values right after labels: rows, not columns
                }
                continue
            }
            if let heading = SectionHeadings.match(line.text), heading.number >= 3 { break }
            let key = line.key
            if table3Boundaries.containsAny(in: key) { break }
            if key.has("第二十条") {
                flush()
                continue
            }
            if key.equalsBytes("信息内容") { continue }
            if line.tokens.contains(where: { $0.kind == .number }) { return [:] }
            if let item = ProactiveRowMatcher.match(line.text), key.scalarCount <= 12 {
                if !columns.isEmpty { flush() }
                items.append(item)
                continue
            }
            if ["数量", "件数", "金额", "增减"].contains(where: { key.has($0) }), !items.isEmpty {
                columns.append([])
            }
        }
        flush()
        return sawColumnValues ? result : [:]
    }
}

/// Reads table 四 (行政复议、行政诉讼): fifteen numbers in three blocks of five.
struct ReviewRecognizer {
    struct Outcome {
        var table: ReviewLitigationTable
        var ambiguous: [[CellValue?]] = []
        /// Cells blank in the source, which the block sums may fill in.
        var blankCells: Set<Int> = []
        /// Cells unreadable in the source (OCR garbage), which are not inferred (see ``CellSolver/Reading``).
        var unreadableCells: Set<Int> = []
        var misaligned: Bool
        /// How many cells (numbers, blank and unreadable cells) the row that was read had.
        var cellsRead = 15
        var firstLine: Int
        var lastLine: Int
    }

    /// Words (key form) of the table's headings, where it starts.
    static let headingWords = ["行政复议", "行政诉讼", "结果维持"]

    static func read(_ lines: ArraySlice<TokenLine>) -> Outcome? {
        // Start at the table's headings; stop at the next section heading.
        guard let start = lines.firstIndex(where: { $0.keyHasAny(headingWords) }) else { return nil }
        var groups: [ValueGroup] = []
        var stream: ValueGroup? = nil
        // Blank cells since the last text or empty line: a row of one cell per line may start with
        // blank cells (`\t` lines), which belong to the row once a number follows them.
        var leadingBlanks: [Token] = []
        var end = start
        func close() {
            if let open = stream, open.hasNumber { groups.append(open) }
            stream = nil
            leadingBlanks = []
        }
        outer: for line in lines[start...] {
            if line.isEmpty {
                close()
                continue
            }
            if line.isDelimited {
                close()
                if line.tokens.contains(where: { $0.kind == .text }), SectionHeadings.match(line.text).map({ $0.number >= 5 }) == true {
                    break outer
                }
                guard let firstNumber = line.tokens.firstIndex(where: { $0.kind == .number && $0.unitIndex == nil }) else { continue }
                let lastText = line.tokens[..<firstNumber].lastIndex { $0.kind == .text }
                var region = Array(line.tokens[(lastText.map { $0 + 1 } ?? 0)...])
                for index in region.indices where region[index].kind == .text { region[index].kind = .garbage }
                groups.append(ValueGroup(tokens: region, isDelimited: true, line: line.index))
                end = line.index
                continue
            }
            for token in line.tokens {
                switch token.kind {
                case .text:
                    close()
                    if let match = SectionHeadings.match(token.text), match.number >= 5 { break outer }
                case .number:
                    if token.unitIndex != nil { close(); continue }
                    if stream == nil { stream = ValueGroup(tokens: leadingBlanks, isDelimited: false, line: line.index) }
                    stream!.tokens.append(token)
                    end = line.index
                case .blank where stream == nil:
                    leadingBlanks.append(token)
                case .blank, .garbage:
                    stream?.tokens.append(token)
                }
            }
        }
        close()
        guard !groups.isEmpty else { return nil }
        // The column of the first 结果维持 heading places a delimited row with blank cells.
        var hint: CellSolver.ColumnHint? = nil
        for line in lines[start...]
        where line.isDelimited && !line.tokens.contains(where: { $0.kind == .number }) && line.keyHasAny(["结果维持"]) {
            if let first = line.tokens.first(where: { $0.kind == .text && TextNormalizer.key($0.text).equalsBytes("结果维持") }) {
                hint = CellSolver.ColumnHint(first: min(hint?.first ?? Int.max, first.column), last: nil)
            }
            if line.index > end { break }
        }
        // Prefer the group that reads as fifteen cells satisfying the blocks; then the largest.
        var best: (reading: CellSolver.Reading, group: ValueGroup, score: Int)? = nil
        for group in groups {
            let reading = CellSolver.read([group], width: 15, constraint: .blocksOfFive, hint: group.isDelimited ? hint : nil)
            let score = (reading.misaligned ? 0 : 2) + (reading.candidates.count == 1 ? 1 : 0)
                + (group.tokens.filter { $0.kind == .number }.count >= 15 ? 1 : 0)
            if score > best?.score ?? -1 || (score == best!.score && group.tokens.count > best!.group.tokens.count) {
                best = (reading, group, score)
            }
        }
        guard let best, best.group.tokens.filter({ $0.kind == .number }).count >= 1 else { return nil }
        var table = ReviewLitigationTable()
        let candidates = best.reading.candidates
        for index in 0..<15 {
            let first = candidates[0][index]
            if candidates.allSatisfy({ $0[index] == first }) { table.cells[index] = first?.integer }
        }
        return Outcome(
            table: table, ambiguous: candidates.count > 1 && best.reading.fromSplits ? Array(candidates.prefix(4)) : [],
            blankCells: best.reading.blank, unreadableCells: best.reading.unreadable,
            misaligned: best.reading.misaligned, cellsRead: best.group.tokens.count, firstLine: start,
            lastLine: max(end, best.group.line))
    }
}
