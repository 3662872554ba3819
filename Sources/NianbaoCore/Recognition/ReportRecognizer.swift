/// Finds sections, metadata and tables in a document and reports what could not be read.
struct ReportRecognizer {
    let document: SourceDocument
    private(set) var findings: [Finding] = []
    private(set) var evidence = RecognitionEvidence()
    /// Times the stages when set (``ReportChecker/profile(bytes:name:)``).
    var clock: StageClock?

    init(document: SourceDocument) { self.document = document }

    mutating func recognize() -> Report {
        let lines = Tokenizer.tokenize(document.lines, folded: document.cellsAreFolded)
        clock?.lap("tokenize")
        var report = Report()

        let (headingLines, headingMatches, headingOrder) = findHeadings(lines)
        evidence.headingOrder = headingOrder
        evidence.unusualHeadings = headingMatches.values.filter { !$0.isKnownWording }.sorted { $0.number < $1.number }

        let sortedHeadingLines = headingLines.values.sorted()
        func nextHeading(after line: Int) -> Int {
            sortedHeadingLines.first { $0 > line } ?? lines.count
        }

        clock?.lap("headings")
        // Metadata (year first: table 二's format may depend on it).
        let section1Text = headingLines[1].map { sectionText(lines, from: $0 + 1, to: nextHeading(after: $0), excluding: []) }
        let metadata = MetadataRecognizer.read(lines, firstHeading: sortedHeadingLines.first, section1: section1Text)
        report.organization = metadata.organization
        report.year = metadata.titleYear ?? metadata.textYear
        evidence.titleYear = metadata.titleYear
        evidence.textYear = metadata.textYear
        if let date = metadata.published {
            report.published = Self.isoDate(date.year, date.month, date.day)
            evidence.publishedYear = date.year
        } else if let published = document.publishedMetadata {
            report.published = published
            evidence.publishedYear = Int(published.prefix(4))
        }

        clock?.lap("metadata")
        // Table 二.
        let table2Start = headingLines[2] ?? headingLines[1].map { $0 + 1 } ?? 0
        let table2End = headingLines[3] ?? lines.count
        var tableRanges: [ClosedRange<Int>] = []
        var proactive: ProactiveRecognizer.Outcome? = nil
        if table2Start < table2End {
            proactive = ProactiveRecognizer.read(
                lines[table2Start..<table2End], expectedFormat: report.year.map(FormatVersion.expected(forYear:)))
        }
        if let proactive {
            report.proactive = proactive.table
            tableRanges.append(proactive.firstLine...proactive.lastLine)
        }

        clock?.lap("table 2")
        // Table 三.
        let table3Start = headingLines[3] ?? proactive.map { $0.lastLine + 1 } ?? headingLines[2] ?? 0
        let table3End = headingLines[5] ?? headingLines[6] ?? lines.count
        var applications: ApplicationsRecognizer.Outcome? = nil
        if table3Start < table3End {
            applications = ApplicationsRecognizer.read(lines[table3Start..<table3End])
        }
        if let outcome = applications {
            tableRanges.append(outcome.firstLine...outcome.lastLine)
        }

        clock?.lap("table 3")
        // Table 四.
        let table4Start = headingLines[4] ?? applications.map { $0.lastLine + 1 } ?? table3Start
        let table4End = headingLines[5] ?? headingLines[6] ?? lines.count
        var review: ReviewRecognizer.Outcome? = nil
        if table4Start < table4End { review = ReviewRecognizer.read(lines[table4Start..<table4End]) }
        if let review {
            tableRanges.append(review.firstLine...review.lastLine)
        }

        clock?.lap("table 4")
        // Sections: headings found, and sections 二–四 present through their tables alone.
        var sections: [Section] = []
        for number in 1...6 {
            if let line = headingLines[number] {
                let text = sectionText(lines, from: line + 1, to: nextHeading(after: line), excluding: tableRanges)
                sections.append(Section(number: number, heading: headingMatches[number]!.heading, text: text))
            } else if (number == 2 && proactive != nil) || (number == 3 && applications != nil) || (number == 4 && review != nil) {
                sections.append(Section(number: number, heading: nil, text: ""))
            }
        }
        report.sections = sections.sorted { (headingLines[$0.number] ?? Int.max, $0.number) < (headingLines[$1.number] ?? Int.max, $1.number) }
        evidence.headingMissingWithTable = [2, 3, 4].filter { number in
            headingLines[number] == nil && sections.contains { $0.number == number }
        }

        clock?.lap("sections")
        // Table cells: inference and what stays unknown.
        if let proactive { recordProactive(proactive, into: &report) }
        if let outcome = applications { recordApplications(outcome, into: &report) }
        if let review { recordReview(review, into: &report) }
        if let proactive {
            evidence.proactiveFormatFromHeadings = proactive.formatFromHeadings
            evidence.proactiveMixedHeadings = proactive.mixedHeadings
            evidence.feeHeadingUnit = proactive.feeHeadingUnit
        }
        evidence.singleOtherRow = applications?.singleOtherRow ?? false
        report.format = proactive?.table.format ?? applications?.table.format
        clock?.lap("inference")
        return report
    }

    /// The section headings: for each number its first heading's line and match, and the numbers
    /// in the order found. Pre-2019 headings met on the way go to the evidence.
    private mutating func findHeadings(_ lines: [TokenLine]) -> (lines: [Int: Int], matches: [Int: SectionHeadings.Match], order: [Int]) {
        var headingLines: [Int: Int] = [:]
        var headingMatches: [Int: SectionHeadings.Match] = [:]
        var headingOrder: [Int] = []
        for line in lines where !line.isEmpty {
            // Each line's bytes read once: its length, the legacy triggers and the heading search.
            var text = line.text
            let (mayBeLegacy, found) = text.withUTF8 { bytes -> (Bool, SectionHeadings.Match?) in
                // (More than 256 bytes is more than 64 characters.)
                guard bytes.count <= 256 else { return (false, nil) }
                let scalarCount = UTF8Bytes.scalarCount(bytes)
                guard scalarCount <= 64 else { return (false, nil) }
                // (A line's text is trimmed already: ``SectionHeadings/isLegacy(_:)`` takes none over 40.)
                let mayBeLegacy = scalarCount <= 40 && SectionHeadings.legacyTriggers.containsAny(in: bytes)
                return (mayBeLegacy, SectionHeadings.match(bytes: bytes))
            }
            if mayBeLegacy, SectionHeadings.isLegacy(line.text) { evidence.legacyHeadings.append(line.text) }
            guard let match = found, headingLines[match.number] == nil else { continue }
            // A heading must come after the previous section's heading, or its ordinal must be written.
            if !match.hasOrdinal, let last = headingOrder.last, last > match.number { continue }
            headingLines[match.number] = line.index
            headingMatches[match.number] = match
            headingOrder.append(match.number)
        }
        return (headingLines, headingMatches, headingOrder)
    }

    static func isoDate(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }

    /// The text of lines `from..<to`, leaving out table lines.
    private func sectionText(_ lines: [TokenLine], from: Int, to: Int, excluding tables: [ClosedRange<Int>]) -> String {
        guard from < to else { return "" }
        var parts: [String] = []
        for line in lines[from..<min(to, lines.count)] where !line.isEmpty {
            if tables.contains(where: { $0.contains(line.index) }) { continue }
            if line.isDelimited && line.tokens.contains(where: { $0.kind == .number }) { continue }
            parts.append(line.text)
        }
        return parts.joined(separator: "\n")
    }

    // MARK: - Cells

    /// The end of a `MISSING_CELL` message for cells whose characters are not digits (OCR garbage),
    /// after the table, row and columns.
    static let unreadableAdviceZh = "的字符无法识别为数字（常见于扫描件的文字识别错误）。请核对原件，改正该格或提交可复制文字的文件（如.docx）后重新提交。"
    static let unreadableAdviceEn = " hold characters that are not digits (typical of text recognised from a scan). "
        + "Check the original and correct the cell, or submit a file with real text (such as .docx)."

    private mutating func recordProactive(_ outcome: ProactiveRecognizer.Outcome, into report: inout Report) {
        let table = outcome.table
        for item in ProactiveLayout.items(for: table.format) {
            let missing = item.fields.filter { table[item.key, $0.key] == nil }
            guard !missing.isEmpty else { continue }
            let label = item.labels[0]
            let columns = missing.map(\.label).joined(separator: "、")
            let ambiguous = outcome.ambiguousItems.contains(item.key)
            let location = "二/\(item.key)" + (missing.count == 1 ? "/\(missing[0].key)" : "")
            if ambiguous {
                findings.append(Finding(
                    code: .ambiguousCells, location: location,
                    zh: "第二部分表格“\(label)”一行的数字连在一起，可以拆分为多种组合，无法确定\(columns)。请用表格或分隔符分开各栏数字后重新提交。",
                    en: "Table 2, row \(label): the digits ran together and split in several ways; \(missing.map(\.key).joined(separator: ", ")) cannot be determined. Separate the cells and submit again."))
            } else {
                let absent = outcome.absentItems.contains(item.key)
                // Cells holding characters that are not digits (OCR): the advice is the original, not a 0.
                let unreadableFields = outcome.unreadableFields[item.key] ?? []
                let unreadable = !absent && missing.allSatisfy { field in
                    item.fields.firstIndex { $0.key == field.key }.map(unreadableFields.contains) ?? false
                }
                let keys = missing.map(\.key).joined(separator: ", ")
                findings.append(Finding(
                    code: .missingCell, severity: .warning, location: location,
                    zh: absent
                        ? "第二部分表格缺少“\(label)”一行（\(columns)）。请补全该行数字，没有发生的填0。"
                        : unreadable
                            ? "第二部分表格“\(label)”一行的\(columns)" + Self.unreadableAdviceZh
                            : "第二部分表格“\(label)”一行的\(columns)空白或无法识别。请填写数字，没有发生的填0。",
                    en: absent
                        ? "Table 2 has no row \(label) (\(keys)). Fill it in; write 0 where nothing happened."
                        : unreadable
                            ? "Table 2, row \(label): \(keys)" + Self.unreadableAdviceEn
                            : "Table 2, row \(label): \(keys) blank or unreadable. Fill it in; write 0 where nothing happened."))
            }
        }
    }

    private mutating func recordApplications(_ outcome: ApplicationsRecognizer.Outcome, into report: inout Report) {
        var table = outcome.table
        let rows = ApplicationRow.rows(for: table.format)
        var values: [Int?] = []
        for row in rows { values += table.rows[row] ?? Array(repeating: nil, count: 7) }
        // Unknown cells of rows whose digits split in several ways.
        let ambiguousCells = Set(outcome.ambiguous.keys.compactMap { rows.firstIndex(of: $0) }.flatMap { rowIndex in
            (rowIndex * 7..<rowIndex * 7 + 7).filter { values[$0] == nil }
        })
        let inferred = TableInference.infer(
            &values, equations: TableInference.applicationEquations(format: table.format), eligible: outcome.blankCells)
        for (rowIndex, row) in rows.enumerated() { table.rows[row] = Array(values[rowIndex * 7..<rowIndex * 7 + 7]) }
        for cell in inferred.sorted() {
            let ref = CellRef(row: rows[cell / 7], column: ApplicantColumn(rawValue: cell % 7)!)
            table.inferred.append(ref)
            let value = values[cell]!
            findings.append(Finding(
                code: .cellInferred, location: "三/\(ref.row.key)/\(ref.column.key)",
                zh: "第三部分表格“\(ref.row.shortLabel)”一行的\(ref.column.label)列空白，按表内合计关系唯一推出为\(value)，已按\(value)填入。",
                en: "Table 3, row \(ref.row.key): the \(ref.column.englishLabel) cell is blank; the table's sums give \(value) uniquely, so it was filled in."))
        }
        // What stays unknown, one finding per row.
        for (rowIndex, row) in rows.enumerated() {
            let unknown = (0..<7).filter { values[rowIndex * 7 + $0] == nil }
            guard !unknown.isEmpty else { continue }
            let columns = unknown.map { ApplicantColumn(rawValue: $0)! }
            let columnText = columns.count == 7 ? "全部7列" : columns.map(\.label).joined(separator: "、") + "列"
            let location = "三/\(row.key)" + (columns.count == 1 ? "/\(columns[0].key)" : "")
            if let candidates = outcome.ambiguous[row], unknown.contains(where: { ambiguousCells.contains(rowIndex * 7 + $0) }) {
                let readings = candidates.prefix(3).map { $0.map { $0.map(Self.describe) ?? "空" }.joined(separator: "/") }
                findings.append(Finding(
                    code: .ambiguousCells, location: location,
                    zh: "第三部分表格“\(row.shortLabel)”一行的数字连在一起，可拆分为多种组合（如 \(readings.joined(separator: " 或 "))），无法确定\(columnText)。请用表格或分隔符分开各栏数字后重新提交。",
                    en: "Table 3, row \(row.key): the digits ran together and split in several consistent ways (\(readings.joined(separator: " or "))); \(columns.map(\.key).joined(separator: ", ")) cannot be determined. Separate the cells and submit again."))
                continue
            }
            let absent = outcome.absentRows.contains(row)
            let conflict = outcome.conflicts.contains { $0.row == row }
            // Unreadable cells (OCR garbage) are not inferred: the number printed there may be one
            // that breaks the sums, and a sum would then hide the error behind a made-up value.
            let unreadable = unknown.allSatisfy { outcome.unreadableCells.contains(rowIndex * 7 + $0) }
            // Numbers were there but fit no placement in the columns (too many, too few, or digits
            // run together with no split that adds up): not a blank to fill in.
            let misaligned = outcome.misalignedRows.contains(row)
                && !unknown.allSatisfy { outcome.blankCells.contains(rowIndex * 7 + $0) }
            let columnKeys = columns.map(\.key).joined(separator: ", ")
            findings.append(Finding(
                code: .missingCell, severity: .error, location: location,
                zh: absent
                    ? "第三部分表格缺少“\(row.shortLabel)”一行，或该行标签无法识别。请按统一格式补全该行（没有发生的填0）。"
                    : conflict
                        ? "第三部分表格“\(row.shortLabel)”一行的\(columnText)前后两处读数不一致，无法确定。请核对该行数字后重新提交。"
                        : unreadable
                            ? "第三部分表格“\(row.shortLabel)”一行的\(columnText)" + Self.unreadableAdviceZh
                            : misaligned
                                ? "第三部分表格“\(row.shortLabel)”一行读到的数字与各列对不上（数字连在一起、多出或缺少），无法确定\(columnText)。请核对该行数字（总计应等于各列之和），用表格或分隔符分开各栏数字后重新提交。"
                                : "第三部分表格“\(row.shortLabel)”一行的\(columnText)空白或无法识别，且不能由表内合计唯一推出。请填写数字（没有发生的填0）。",
                en: absent
                    ? "Table 3 has no row \(row.key), or its label cannot be recognised. Add the row (write 0 where nothing happened)."
                    : conflict
                        ? "Table 3, row \(row.key): \(columnKeys) read differently in two places. Check the row and submit again."
                        : unreadable
                            ? "Table 3, row \(row.key): \(columnKeys)" + Self.unreadableAdviceEn
                            : misaligned
                                ? "Table 3, row \(row.key): the numbers read do not fit the columns (run together, extra or missing); \(columnKeys) cannot be determined. Check the row (the total should be the sum of the columns), separate the cells and submit again."
                                : "Table 3, row \(row.key): \(columnKeys) blank or unreadable and not determined by the table's sums. Fill them in (0 where nothing happened)."))
        }
        evidence.nonIntegerCells = outcome.nonIntegers
        if outcome.subtotalColumn {
            findings.append(Finding(
                code: .formatVersion, severity: .warning, location: "三",
                zh: "第三部分表格增加了地方模板的“法人或其他组织 小计”列，统一格式没有此列。该列已核对后略去。",
                en: "Table 3 has the extra 'legal persons subtotal' column of a local template; it was checked and left out."))
        }
        for mismatch in outcome.subtotalMismatches {
            findings.append(Finding(
                code: .t3TotalColumn, location: "三/\(mismatch.row.key)",
                zh: "第三部分表格“\(mismatch.row.shortLabel)”一行：法人或其他组织小计\(mismatch.subtotal)，与五类法人或其他组织之和\(mismatch.sum)不符。请核对该行。",
                en: "Table 3, row \(mismatch.row.key): the legal-persons subtotal \(mismatch.subtotal) differs from the sum of the five columns \(mismatch.sum)."))
        }
        report.applications = table
    }

    private mutating func recordReview(_ outcome: ReviewRecognizer.Outcome, into report: inout Report) {
        var table = outcome.table
        var values = table.cells
        let inferred = TableInference.infer(&values, equations: TableInference.reviewEquations, eligible: outcome.blankCells)
        table.cells = values
        for cell in inferred.sorted() {
            let block = ReviewLitigationTable.Block(rawValue: cell / 5)!
            let field = cell % 5
            findings.append(Finding(
                code: .cellInferred, location: "四/\(block.key)/\(ReviewLitigationTable.fieldKeys[field])",
                zh: "第四部分表格\(block.label)的“\(ReviewLitigationTable.fieldLabels[field])”空白，按合计关系唯一推出为\(values[cell]!)，已填入。",
                en: "Table 4, \(block.englishLabel): \(ReviewLitigationTable.fieldKeys[field]) is blank; the block's sum gives \(values[cell]!) uniquely, so it was filled in."))
        }
        for block in ReviewLitigationTable.Block.allCases {
            let unknown = (0..<5).filter { values[block.rawValue * 5 + $0] == nil }
            guard !unknown.isEmpty else { continue }
            let labels = unknown.map { ReviewLitigationTable.fieldLabels[$0] }.joined(separator: "、")
            let location = "四/\(block.key)" + (unknown.count == 1 ? "/\(ReviewLitigationTable.fieldKeys[unknown[0]])" : "")
            if !outcome.ambiguous.isEmpty {
                findings.append(Finding(
                    code: .ambiguousCells, location: location,
                    zh: "第四部分表格的数字连在一起，可拆分为多种组合，无法确定\(block.label)的\(labels)。请用表格或分隔符分开各栏数字后重新提交。",
                    en: "Table 4: the digits ran together and split in several consistent ways; \(block.englishLabel) cannot be determined. Separate the cells and submit again."))
            } else {
                let unreadable = unknown.allSatisfy { outcome.unreadableCells.contains(block.rawValue * 5 + $0) }
                findings.append(Finding(
                    code: .missingCell, severity: .error, location: location,
                    zh: outcome.misaligned
                        ? (outcome.cellsRead < 15
                            // Text converted from a PDF keeps no trace of a blank cell: the usual cause.
                            ? "第四部分表格应有15个数字，只读到\(outcome.cellsRead)个（从PDF等转换来的文字里，空白的格子不留痕迹），无法确定\(block.label)的\(labels)。请在空白格中填0，或提交.docx文件后重新提交。"
                            : "第四部分表格应有15个数字，读到\(outcome.cellsRead)个，无法确定\(block.label)的\(labels)。请核对表格后重新提交。")
                        : unreadable
                            ? "第四部分表格\(block.label)的\(labels)" + Self.unreadableAdviceZh
                            : "第四部分表格\(block.label)的\(labels)空白或无法识别。请填写数字（没有发生的填0）。",
                    en: outcome.misaligned
                        ? (outcome.cellsRead < 15
                            ? "Table 4 should hold 15 numbers; only \(outcome.cellsRead) were read (text converted from a PDF keeps no trace of blank cells), so \(block.englishLabel) cannot be determined. Write 0 in the blank cells, or submit the .docx."
                            : "Table 4 should hold 15 numbers; \(outcome.cellsRead) were read, so \(block.englishLabel) cannot be determined. Check the table.")
                        : unreadable
                            ? "Table 4, \(block.englishLabel): \(unknown.map { ReviewLitigationTable.fieldKeys[$0] }.joined(separator: ", "))" + Self.unreadableAdviceEn
                            : "Table 4, \(block.englishLabel): \(unknown.map { ReviewLitigationTable.fieldKeys[$0] }.joined(separator: ", ")) blank or unreadable. Fill them in (0 where nothing happened)."))
            }
        }
        report.reviewLitigation = table
    }

    static func describe(_ value: CellValue) -> String {
        switch value {
        case .integer(let integer): String(integer)
        case .decimal(let text): text.text
        }
    }
}

/// What the recognizer saw beyond the report itself, for the checks.
struct RecognitionEvidence: Sendable {
    var headingOrder: [Int] = []
    var unusualHeadings: [SectionHeadings.Match] = []
    var headingMissingWithTable: [Int] = []
    var legacyHeadings: [String] = []
    var titleYear: Int?
    var textYear: Int?
    var publishedYear: Int?
    var proactiveFormatFromHeadings = false
    var proactiveMixedHeadings = false
    var feeHeadingUnit: String?
    var singleOtherRow = false
    var nonIntegerCells: [CellRef] = []
}
