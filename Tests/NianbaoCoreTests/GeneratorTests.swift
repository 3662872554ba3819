import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

/// The generator's own invariants: truth is consistent, defects break exactly what they claim, every
/// layout renders the labels and numbers, encodings decode back, and a seed fixes every byte.
@Suite struct GeneratorTests {
    // MARK: Helpers

    /// Every way table 三's sums fail in `table` (empty when consistent); blank cells are skipped.
    static func applicationErrors(_ table: ApplicationsTable) -> Set<FindingCode> {
        var errors = Set<FindingCode>()
        let results = ApplicationRow.resultRows(for: table.format)
        for row in ApplicationRow.rows(for: table.format) {
            let cells = ApplicantColumn.allCases.map { table[row, $0] }
            if cells.allSatisfy({ $0 != nil }), cells[0..<6].reduce(0, { $0 + $1! }) != cells[6]! {
                errors.insert(.t3TotalColumn)
            }
        }
        for column in ApplicantColumn.allCases {
            let parts = results.map { table[$0, column] }
            if let total = table[.total, column], parts.allSatisfy({ $0 != nil }),
                parts.reduce(0, { $0 + $1! }) != total
            {
                errors.insert(.t3TotalRow)
            }
            if let new = table[.new, column], let carried = table[.carriedOver, column],
                let total = table[.total, column],
                let forward = table[.carriedForward, column], new + carried != total + forward
            {
                errors.insert(.t3Balance)
            }
        }
        for row in ApplicationRow.rows(for: table.format) {
            if ApplicantColumn.allCases.contains(where: { (table[row, $0] ?? 0) < 0 }) { errors.insert(.negativeValue) }
        }
        return errors
    }

    static func blockErrors(_ table: ReviewLitigationTable) -> Bool {
        (0..<3).contains { block in
            let cells = table.values(of: ReviewLitigationTable.Block(rawValue: block)!)
            guard cells.allSatisfy({ $0 != nil }) else { return false }
            return cells[0..<4].reduce(0, { $0 + $1! }) != cells[4]!
        }
    }

    /// Decoded text with full-width digits folded to ASCII.
    static func text(of report: GeneratedReport) throws -> String {
        let decoded = try #require(TextDecoder.decode(report.bytes), "\(report.summary) does not decode")
        return String(
            String.UnicodeScalarView(
                decoded.text.unicodeScalars.map { scalar in
                    (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
                }))
    }

    /// Reports of `kind`, searching seeds from `start`.
    static func reports(of kind: Defect.Kind, count: Int, layout: TextLayout = .tabRows) throws -> [GeneratedReport] {
        var found: [GeneratedReport] = []
        var seed: UInt64 = 1
        while found.count < count && seed < 20_000 {
            if ReportGenerator.truth(seed: seed, layout: layout, defectRate: 1).defects.first?.kind == kind {
                found.append(try ReportGenerator.report(seed: seed, layout: layout, defectRate: 1))
            }
            seed += 1
        }
        return found
    }

    // MARK: Determinism

    @Test(arguments: TextLayout.allCases)
    func sameSeedSameBytes(layout: TextLayout) throws {
        let first = try ReportGenerator.report(seed: 4_242, layout: layout)
        let second = try ReportGenerator.report(seed: 4_242, layout: layout)
        #expect(first.bytes == second.bytes)
        #expect(first.truth.defects == second.truth.defects)
        let other = try ReportGenerator.report(seed: 4_243, layout: layout)
        #expect(other.bytes != first.bytes)
    }

    @Test func corpusIsReproducibleReportByReport() throws {
        let layouts: [TextLayout] = [.tabRows, .pdfAligned, .webRunTogether]
        let corpus = try ReportGenerator(seed: 77).corpus(count: 12, layouts: layouts)
        #expect(corpus.count == 12)
        for (index, report) in corpus.enumerated() {
            #expect(report.layout == layouts[index % layouts.count])
            let again = try ReportGenerator.report(seed: report.truth.seed, layout: report.layout)
            #expect(again.bytes == report.bytes, "report \(index) is not reproducible from its seed")
        }
        #expect(try ReportGenerator(seed: 78).corpus(count: 12, layouts: layouts).map(\.bytes) != corpus.map(\.bytes))
    }

    // MARK: Truth of valid reports

    @Test func validReportsAreConsistent() throws {
        var formats = Set<String>()
        var years = Set<Int>()
        var largest = 0
        var allZero = 0
        for seed in UInt64(1)...600 {
            let truth = ReportGenerator.truth(seed: seed, layout: .tabRows, defectRate: 0)
            #expect(truth.defects.isEmpty && truth.blankCells.isEmpty)
            #expect(truth.format == FormatVersion.expected(forYear: truth.year))
            #expect(truth.proactiveFormat == truth.format && truth.applicationsFormat == truth.format)
            #expect((2019...2025).contains(truth.year))
            years.insert(truth.year)
            formats.insert(truth.format.rawValue)
            let applications = try #require(truth.applications)
            #expect(Self.applicationErrors(applications).isEmpty, "seed \(seed): table 三 inconsistent")
            for row in ApplicationRow.rows(for: applications.format) {
                for column in ApplicantColumn.allCases {
                    let value = try #require(applications[row, column], "seed \(seed): \(row.key) blank")
                    #expect(value >= 0)
                }
            }
            let total = applications[.total, .total] ?? 0
            largest = max(largest, applications[.new, .total] ?? 0)
            if total == 0 { allZero += 1 }
            let other = applications.format == .v2021 ? applications[.other3, .total]! : applications[.other, .total]!
            #expect(other * 10 <= max(total, 0) || other == 0, "seed \(seed): 其他处理 above 10%")
            let review = try #require(truth.reviewLitigation)
            #expect(!Self.blockErrors(review))
            let proactive = try #require(truth.proactive)
            for item in ProactiveLayout.items(for: proactive.format) {
                for field in item.fields {
                    let value = try #require(proactive[item.key, field.key], "seed \(seed): \(item.key).\(field.key)")
                    if field.isAmount {
                        guard case .decimal(let amount) = value else {
                            Issue.record("amount not decimal")
                            continue
                        }
                        #expect(Double(amount.text) != nil)
                    } else if !field.isSigned {
                        #expect((value.integer ?? -1) >= 0)
                    }
                }
            }
            if proactive.format == .v2021 {
                for item in ["regulations", "normative_documents"] {
                    let issued = proactive[item, "issued"]!.integer!
                    let repealed = proactive[item, "repealed"]!.integer!
                    let inForce = proactive[item, "in_force"]!.integer!
                    #expect(issued <= inForce + repealed, "T2_DOCS_PLAUSIBLE would fire")
                }
            }
            #expect(truth.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
            let sec1 = try #require(truth.section(1))
            #expect(sec1.nonWhitespaceCount < 1_000, "seed \(seed): section 一 has \(sec1.nonWhitespaceCount)")
            #expect(sec1.paragraphs[0].hasPrefix("\(truth.year)年"), "the year must be in the text")
            let sec5 = try #require(truth.section(5)).paragraphs.joined()
            #expect(sec5.contains("不足") || sec5.contains("问题"))
            #expect(sec5.contains("改进") || sec5.contains("下一步"))
            let sec6 = try #require(truth.section(6)).paragraphs.joined()
            if truth.year >= 2021 { #expect(sec6.contains("信息处理费"), "seed \(seed): 六 lacks 信息处理费") }
            if let published = truth.published { #expect(published.hasPrefix("\(truth.year + 1)-01-")) }
        }
        #expect(formats == ["2019", "2021"])
        #expect(years.count == 7)
        #expect(largest >= 100, "some reports must have large numbers")
        #expect(allZero >= 30, "some reports must be all zeros")
    }

    // MARK: Defects break what they claim

    @Test func arithmeticDefectsBreakTheirSum() throws {
        for (kind, code) in [
            (Defect.Kind.t3TotalColumn, FindingCode.t3TotalColumn), (.t3TotalRow, .t3TotalRow),
            (.t3Balance, .t3Balance),
            (.negativeValue, .negativeValue),
        ] {
            let reports = try Self.reports(of: kind, count: 10)
            #expect(reports.count == 10, "too few \(kind) reports")
            for report in reports {
                let errors = Self.applicationErrors(try #require(report.truth.applications))
                #expect(errors.contains(code), "\(report.summary): \(code) not broken")
                #expect(report.truth.expectedCodes == [code])
                #expect(report.truth.expectsRejection)
                #expect(errors.isSubset(of: report.truth.expectedCodes.union(report.truth.toleratedCodes)))
                #expect(!Self.blockErrors(report.truth.reviewLitigation!))
            }
        }
        for report in try Self.reports(of: .t4BlockSum, count: 10) {
            #expect(Self.blockErrors(report.truth.reviewLitigation!))
            #expect(Self.applicationErrors(report.truth.applications!).isEmpty)
        }
    }

    @Test func missingCellsCannotBeInferred() throws {
        for report in try Self.reports(of: .missingCellApplications, count: 10) {
            let truth = report.truth
            let table = try #require(truth.applications)
            let blanks = truth.blankCells.compactMap { address -> CellRef? in
                if case .applications(let ref) = address { return ref }
                return nil
            }
            #expect(blanks.count == 4)
            for ref in blanks { #expect(table[ref.row, ref.column] == nil) }
            // Rows and columns of the rectangle: one degree of freedom remains.
            let rows = Set(blanks.map(\.row))
            let columns = Set(blanks.map(\.column))
            #expect(rows.count == 2 && columns.count == 2 && !columns.contains(.total))
            #expect(truth.expectedCodes == [.missingCell] && truth.expectsRejection)
            #expect(report.truth.defects[0].detail.contains("="))
        }
        for report in try Self.reports(of: .missingCellReview, count: 10) {
            let cells = report.truth.reviewLitigation!.cells
            #expect(cells.filter { $0 == nil }.count == 2)
            #expect(report.truth.expectsRejection)
        }
        for report in try Self.reports(of: .missingCellProactive, count: 10) {
            #expect(report.truth.blankCells.count == 1)
            #expect(!report.truth.expectsRejection, "a blank in table 二 is only a warning")
        }
    }

    /// Layout 4: an unreadable value cell is never read as a number nor inferred from the sums (its
    /// printed number may be the one that breaks them); the clerk is told the scan could not be read.
    @Test func ocrUnreadableCellsAreMissingWithTheirReason() throws {
        let checker = ReportChecker()
        var garbledReports = 0
        var unreadableFindings = 0
        var garbledOrdinals = 0
        var markup = 0
        for seed in UInt64(1)...60 {
            let report = try ReportGenerator.report(seed: seed, layout: .ocr, defectRate: 0)
            let text = try Self.text(of: report)
            if text.contains("(-)") || text.contains("(=)") { garbledOrdinals += 1 }
            if text.contains("<del> </del>") || text.contains("<i> </i>") { markup += 1 }
            guard report.garbledCells > 0 else { continue }
            garbledReports += 1
            let result = checker.check(bytes: report.bytes, name: report.fileName)
            let comparison = TruthComparison(generated: report, result: result)
            #expect(comparison.mismatches.isEmpty, "\(report.summary): \(comparison.mismatches.map(\.description))")
            #expect(comparison.cells.missing >= 1, "\(report.summary): a garbled cell was read")
            #expect(!result.findings.contains { $0.code == .cellInferred }, "\(report.summary)")
            let errors = result.findings.filter { $0.code == .missingCell && $0.severity == .error }
            #expect(!errors.isEmpty, "\(report.summary)")
            for finding in errors {
                #expect(
                    finding.messageZh.contains("无法识别为数字") && !finding.messageZh.contains("唯一推出"),
                    "\(report.summary): \(finding.messageZh)")
                unreadableFindings += 1
            }
        }
        #expect(garbledReports >= 30 && unreadableFindings >= garbledReports)
        #expect(garbledOrdinals >= 20 && markup >= 20, "OCR noise too rare: \(garbledOrdinals) ordinals, \(markup) markup")
        // A blank cell keeps the blank-cell wording.
        for report in try Self.reports(of: .missingCellApplications, count: 3) {
            let result = checker.check(bytes: report.bytes, name: report.fileName)
            let missing = result.findings.filter { $0.code == .missingCell && $0.location?.hasPrefix("三") == true }
            #expect(!missing.isEmpty && missing.allSatisfy { $0.messageZh.contains("空白或无法识别") })
        }
    }

    /// Layout 4: a row whose label wraps onto a second line, its numbers on either line or on both
    /// (seed 001, lines 44–45 and 55–58), is read as one row: every cell right or missing, never
    /// given to the row above or below.
    @Test func ocrWrappedRowsAreReadFromBothLines() throws {
        let checker = ReportChecker()
        var wrapped = 0
        var known = 0
        var exact = 0
        for seed in UInt64(200)...280 {
            let report = try ReportGenerator.report(seed: seed, layout: .ocr, defectRate: 0)
            guard report.wrappedRows > 0 else { continue }
            wrapped += report.wrappedRows
            let result = checker.check(bytes: report.bytes, name: report.fileName)
            let comparison = TruthComparison(generated: report, result: result)
            #expect(comparison.mismatches.isEmpty, "\(report.summary): \(comparison.mismatches.map(\.description))")
            if report.garbledCells == 0 {
                #expect(result.verdict == .accepted, "\(report.summary): \(result.findings.map(\.messageZh))")
            }
            known += comparison.cells.known
            exact += comparison.cells.exact
        }
        #expect(wrapped >= 100, "only \(wrapped) wrapped rows")
        #expect(Double(exact) >= 0.95 * Double(known), "\(exact) of \(known) cells read exactly")
    }

    /// Layout 5: a row whose digits ran together around a wrong total splits in no way that adds up.
    /// Its cells are missing, and the clerk is told the numbers do not fit the columns, not that
    /// they are blank.
    @Test func runTogetherRowsThatDoNotAddUpSaySo() throws {
        let checker = ReportChecker()
        var unsplittable = 0
        // Seed 11007691534745919924: 一、本年新收…数量11356181413206 with 总计 205 printed as 206.
        let known = try ReportGenerator.report(seed: 11_007_691_534_745_919_924, layout: .webRunTogether)
        for report in try Self.reports(of: .t3TotalColumn, count: 40, layout: .webRunTogether) + [known] {
            let result = checker.check(bytes: report.bytes, name: report.fileName)
            #expect(result.verdict == .rejected, "\(report.summary)")
            for finding in result.findings where finding.code == .missingCell && finding.location?.hasPrefix("三") == true {
                #expect(!finding.messageZh.contains("空白或无法识别"), "\(report.summary): \(finding.messageZh)")
                if finding.messageZh.contains("读到的数字与各列对不上") { unsplittable += 1 }
            }
        }
        #expect(unsplittable >= 1, "no row failed to split")
    }

    @Test func inferredCellsFollowFromTheirRow() throws {
        for report in try Self.reports(of: .inferredCells, count: 20) {
            let truth = report.truth
            let table = try #require(truth.applications)
            #expect(!truth.expectedInferred.isEmpty)
            for ref in truth.expectedInferred {
                #expect(truth.blankCells.contains(.applications(ref)))
                let value = try #require(table[ref.row, ref.column], "inferable cells keep their value")
                let others = ApplicantColumn.applicants.filter { $0 != ref.column }.map { table[ref.row, $0]! }
                if ref.column == .total {
                    #expect(value == others.reduce(0, +))
                } else {
                    #expect(value == table[ref.row, .total]! - others.reduce(0, +))
                }
                // No other blank in the same row: the row alone decides the value.
                let blanksInRow = truth.blankCells.filter {
                    if case .applications(let other) = $0 { return other.row == ref.row }
                    return false
                }
                #expect(blanksInRow.count == 1)
            }
            #expect(Self.applicationErrors(table).isEmpty)
            #expect(!truth.expectsRejection)
        }
    }

    @Test func sectionDefectsShapeTheText() throws {
        for report in try Self.reports(of: .sectionMissing, count: 15) {
            let truth = report.truth
            #expect(truth.sections.count == 5)
            let missing = Set(1...6).subtracting(truth.sections.map(\.number)).first!
            #expect(missing != 1)
            if missing == 2 { #expect(truth.proactive == nil) }
            if missing == 3 { #expect(truth.applications == nil) }
            if missing == 4 { #expect(truth.reviewLitigation == nil) }
            let text = try Self.text(of: report)
            let keyword = [2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况", 4: "行政诉讼情况", 5: "存在的主要问题", 6: "其他需要报告的事项"][missing]!
            let headingLines = text.split(whereSeparator: \.isNewline).filter {
                $0.hasPrefix("\(Section.ordinal(missing))、") && $0.contains(keyword)
            }
            #expect(headingLines.isEmpty, "\(report.summary): heading of the missing section is still there")
        }
        for report in try Self.reports(of: .sec5Empty, count: 5) {
            let text = report.truth.section(5)!.paragraphs.joined().trimmingCharacters(in: .whitespaces)
            #expect(text == "无" || text == "无。")
        }
        for report in try Self.reports(of: .sec5Incomplete, count: 5) {
            let text = report.truth.section(5)!.paragraphs.joined()
            for word in ["改进", "下一步", "将", "加强", "进一步", "完善"] { #expect(!text.contains(word)) }
        }
        for report in try Self.reports(of: .sec6FeeMissing, count: 5) {
            #expect(report.truth.year >= 2021)
            #expect(!report.truth.section(6)!.paragraphs.joined().contains("信息处理费"))
            #expect(report.truth.expectsRejection)
        }
        for report in try Self.reports(of: .sec1TooLong, count: 5) {
            #expect(report.truth.section(1)!.nonWhitespaceCount > 1_000)
            #expect(!report.truth.expectsRejection)
        }
    }

    @Test func oldFormatsInNewYears() throws {
        for report in try Self.reports(of: .oldProactiveFormat, count: 10) {
            let truth = report.truth
            #expect(truth.year >= 2021 && truth.format == .v2021 && truth.proactiveFormat == .v2019)
            #expect(truth.proactive?.format == .v2019)
            #expect(truth.expectsRejection == (truth.year >= 2022))
            #expect(try Self.text(of: report).contains("政府集中采购"))
        }
        for report in try Self.reports(of: .oldApplicationsFormat, count: 5) {
            #expect(report.truth.applications?.format == .v2019 && report.truth.year >= 2021)
            #expect(!report.truth.expectsRejection)
        }
    }

    @Test func everyDefectKindOccursInACorpus() throws {
        let truths = (0..<1_000).map { index in
            ReportGenerator.truth(seed: SeededGenerator.derivedSeed(base: 5, index: index), layout: .tabRows)
        }
        let kinds = Set(truths.flatMap { $0.defects.map(\.kind) })
        #expect(kinds == Set(Defect.Kind.allCases))
        let defective = truths.filter { !$0.isValid }.count
        #expect((300...600).contains(defective), "defect rate off: \(defective) of 1000")
    }

    // MARK: Rendering

    @Test(arguments: TextLayout.allCases)
    func renderingsCarryLabelsAndNumbers(layout: TextLayout) throws {
        for seed in UInt64(100)..<140 {
            let report = try ReportGenerator.report(seed: seed, layout: layout, defectRate: 0)
            let text = try Self.text(of: report)
            #expect((2_000...30_000).contains(report.bytes.count), "\(report.summary): odd size")
            for section in report.truth.sections {
                #expect(text.contains("\(Section.ordinal(section.number))、\(section.heading)"), "\(report.summary)")
            }
            let squeezed = text.filter { !$0.isWhitespace }
            // (OCR may wrap the label onto two lines with numbers between.)
            #expect(squeezed.contains("本年新收政府信息公开申请数量") || layout == .pdfRows || report.wrappedRows > 0, "\(report.summary)")
            #expect(squeezed.contains("行政复议") && squeezed.contains("复议后起诉"))
            if report.truth.hasTitle { #expect(text.contains(report.truth.organization)) }
            // The numbers of table 三, in order, as a subsequence of the digits of the text (layout 7c
            // prints column by column, so use its column order there).
            let table = try #require(report.truth.applications)
            if report.truth.subtotalColumn { continue }  // an eighth number per row
            if report.garbledCells > 0 || report.wrappedRows > 0 { continue }  // OCR printed numbers as letters, or twice
            let rows = ApplicationRow.rows(for: table.format)
            var expected: [Int] = []
            if layout == .pdfColumns {
                // Column by column, page by page: only a report on one page keeps whole columns.
                if report.noise.pageBreaks { continue }
                for column in ApplicantColumn.allCases { expected += rows.map { table[$0, column]! } }
            } else {
                for row in rows { expected += ApplicantColumn.allCases.map { table[row, $0]! } }
            }
            let digits = expected.map(String.init).joined()
            #expect(
                Self.isSubsequence(digits, of: text.filter(\.isNumber)), "\(report.summary): numbers of 三 not in order")
        }
    }

    static func isSubsequence(_ needle: String, of haystack: String) -> Bool {
        var iterator = haystack.makeIterator()
        for character in needle {
            var found = false
            while let next = iterator.next() {
                if next == character {
                    found = true
                    break
                }
            }
            if !found { return false }
        }
        return true
    }

    @Test func tabRowsHoldEveryCellInItsColumn() throws {
        for seed in UInt64(300)..<340 {
            var noise = NoiseOptions.none
            noise.pageBreaks = true
            let report = try ReportGenerator.report(seed: seed, layout: .tabRows, defectRate: 0, noise: noise)
            if report.truth.subtotalColumn { continue }
            let table = try #require(report.truth.applications)
            let lines = try Self.text(of: report).split(whereSeparator: \.isNewline).map {
                $0.split(separator: "\t", omittingEmptySubsequences: false)
            }
            for row in [ApplicationRow.new, .carriedOver, .carriedForward] {
                let line = try #require(lines.first { $0.first.map { String($0) == row.label } ?? false })
                let values = line.dropFirst(line.count >= 10 ? 3 : 1).prefix(7).map { Int($0) }
                #expect(values == ApplicantColumn.allCases.map { table[row, $0] }, "seed \(seed) \(row.key)")
            }
        }
    }

    @Test func blankCellsAreRenderedBlank() throws {
        for report in try Self.reports(of: .missingCellReview, count: 5, layout: .tabRows) {
            let lines = try Self.text(of: report).split(whereSeparator: \.isNewline)
            let header = try #require(lines.firstIndex { $0.hasPrefix("行政复议\t") })
            let valuesLine = lines[header + 3]
            let fields = valuesLine.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.prefix(15).filter(\.isEmpty).count == 2, "\(report.summary): \(valuesLine)")
        }
        for report in try Self.reports(of: .inferredCells, count: 5, layout: .singleLine) {
            let text = try Self.text(of: report)
            #expect(text.contains(" \(report.noise.blankMark) "), "\(report.summary): no blank mark")
        }
    }

    @Test(arguments: NoiseOptions.Encoding.allCases)
    func encodingsDecodeBack(encoding: NoiseOptions.Encoding) throws {
        for seed in UInt64(500)..<510 {
            let plain = try ReportGenerator.report(seed: seed, layout: .cellPerLine)
            var noise = plain.noise
            noise.encoding = encoding
            noise.lineEnding = .crlf
            let encoded = try ReportGenerator.report(seed: seed, layout: .cellPerLine, noise: noise)
            let decoded = try #require(TextDecoder.decode(encoded.bytes))
            #expect(decoded.encoding == encoding.decoderName)
            noise.encoding = .utf8
            let reference = try ReportGenerator.report(seed: seed, layout: .cellPerLine, noise: noise)
            #expect(decoded.text == String(decoding: reference.bytes, as: UTF8.self))
            #expect(decoded.text.contains("\r\n"))
            if encoding == .gb18030 { #expect(encoded.bytes != reference.bytes) }
        }
    }

    @Test func docBlocksAreRectangularGrids() throws {
        for seed in UInt64(1)...60 {
            let document = ReportGenerator.document(seed: seed)
            let (truth, blocks) = (document.truth, document.blocks)
            let tables = blocks.compactMap { block -> [[DocCell]]? in
                if case .table(let rows) = block { return rows }
                return nil
            }
            #expect(
                tables.count
                    == [truth.proactive != nil, truth.applications != nil, truth.reviewLitigation != nil].filter { $0 }
                    .count)
            for rows in tables {
                let widths = Set(rows.map { $0.reduce(0) { $0 + $1.columnSpan } })
                #expect(widths.count == 1, "seed \(seed): rows of different widths \(widths)")
                // Every vertical merge start is followed by as many covered cells in its column.
                for (rowIndex, row) in rows.enumerated() {
                    var column = 0
                    for cell in row {
                        if case .restart(let span) = cell.verticalMerge {
                            for below in 1..<span {
                                let cellBelow = Self.cell(at: column, in: rows[rowIndex + below])
                                #expect(cellBelow?.verticalMerge == .continue, "seed \(seed) row \(rowIndex)")
                            }
                        }
                        column += cell.columnSpan
                    }
                }
            }
            let paragraphs = blocks.compactMap { block -> String? in
                if case .paragraph(let text) = block { return text }
                return nil
            }
            #expect(paragraphs.contains { $0.hasSuffix("其他需要报告的事项") } || truth.section(6) == nil)
        }
    }

    static func cell(at column: Int, in row: [DocCell]) -> DocCell? {
        var position = 0
        for cell in row {
            if position == column { return cell }
            position += cell.columnSpan
        }
        return nil
    }

    @Test func benchmarkSampleIsAbout9KB() throws {
        let sample = try ReportGenerator.sample9KB(count: 12)
        #expect(sample.count == 12)
        for report in sample {
            #expect((8_400...9_800).contains(report.bytes.count), "\(report.summary)")
            #expect(report.truth.isValid)
        }
    }

    @Test func dumpSamplesWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["NIANBAO_GEN_DUMP"] else { return }
        for layout in TextLayout.allCases {
            for index in 0..<3 {
                let seed = UInt64(index + 1)
                var noise = try ReportGenerator.report(seed: seed, layout: layout).noise
                noise.encoding = .utf8
                let report = try ReportGenerator.report(seed: seed, layout: layout, noise: noise)
                let path = "\(directory)/\(report.fileName)"
                #expect(FileManager.default.createFile(atPath: path, contents: Data(report.bytes)))
                print(path, report.summary)
            }
        }
    }
}

extension GeneratorTests {
    @Test func timingWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["NIANBAO_GEN_TIMING"] != nil else { return }
        for layout in TextLayout.allCases {
            let start = Date()
            _ = try ReportGenerator(seed: 1).corpus(count: 100, layouts: [layout])
            print("L\(layout.rawValue): \(Int(Date().timeIntervalSince(start) * 10)) ms per report")
        }
    }
}

/// The round-trip harness itself: a perfect reading passes it, and each kind of bad reading fails it.
/// This proves the expectations the generator sets are satisfiable and not vacuous.
@Suite struct TruthComparisonTests {
    /// The result a perfect checker would return for `report`.
    static func oracle(_ report: GeneratedReport) -> CheckResult {
        let truth = report.truth
        var applications = truth.applications
        applications?.inferred = truth.expectedInferred
        let sections = truth.sections.map {
            Section(number: $0.number, heading: $0.heading, text: $0.paragraphs.joined(separator: "\n"))
        }
        let read = Report(
            organization: truth.organization, year: truth.year, format: truth.format, published: truth.published,
            sections: sections, proactive: truth.proactive, applications: applications,
            reviewLitigation: truth.reviewLitigation)
        let findings = truth.defects.map {
            Finding(code: $0.code, severity: $0.severity, location: nil, zh: "", en: "")
        }
        return result(read, findings, report)
    }

    static func result(_ report: Report?, _ findings: [Finding], _ generated: GeneratedReport) -> CheckResult {
        CheckResult(
            source: SourceInfo(
                name: generated.fileName, inbox: nil, sha256: "", bytes: generated.bytes.count, kind: .text,
                encoding: generated.noise.encoding.decoderName),
            report: report, findings: findings, processedAt: Date(timeIntervalSince1970: 0), durationMs: 0,
            language: .zh)
    }

    @Test func aPerfectReadingPasses() throws {
        let corpus = try ReportGenerator(seed: 11).corpus(count: 400)
        for report in corpus {
            let comparison = TruthComparison(generated: report, result: Self.oracle(report))
            #expect(comparison.mismatches.isEmpty, "\(report.summary): \(comparison.mismatches)")
            #expect(comparison.cells.wrong == 0 && comparison.cells.missing == 0)
            #expect(comparison.cells.exact == comparison.cells.known)
        }
    }

    @Test func anHonestlyEmptyReadingHasNoWrongCells() throws {
        for report in try ReportGenerator(seed: 12).corpus(count: 50) where report.truth.isValid {
            let comparison = TruthComparison(generated: report, result: Self.result(Report(), [], report))
            #expect(comparison.cells.wrong == 0 && comparison.cells.exact == 0)
            #expect(comparison.cells.missing == comparison.cells.known)
            #expect(comparison.mismatches.isEmpty, "reading nothing is honest (the exact-share floor catches it)")
        }
    }

    @Test func badReadingsAreCaught() throws {
        let corpus = try ReportGenerator(seed: 13).corpus(count: 200, layouts: [.tabRows, .pdfAligned])
        for report in corpus {
            let perfect = Self.oracle(report)
            // One wrong number.
            if var applications = perfect.report?.applications, let value = applications[.granted, .naturalPerson] {
                applications[.granted, .naturalPerson] = value + 1
                var read = perfect.report!
                read.applications = applications
                let comparison = TruthComparison(generated: report, result: Self.result(read, perfect.findings, report))
                #expect(comparison.mismatches.map(\.kind) == [.wrongCell])
                #expect(comparison.cells.wrong == 1)
            }
            // A guessed value for a blank cell that cannot be inferred.
            if report.truth.defects.first?.kind == .missingCellReview, var read = perfect.report {
                let blank = read.reviewLitigation!.cells.firstIndex { $0 == nil }!
                read.reviewLitigation!.cells[blank] = 0
                let comparison = TruthComparison(generated: report, result: Self.result(read, perfect.findings, report))
                #expect(comparison.mismatches.map(\.kind) == [.guessedCell])
            }
            // An inferred cell not listed as inferred.
            if !report.truth.expectedInferred.isEmpty, var read = perfect.report {
                read.applications!.inferred = []
                let comparison = TruthComparison(generated: report, result: Self.result(read, perfect.findings, report))
                #expect(
                    comparison.mismatches.allSatisfy { $0.kind == .unmarkedInference } && !comparison.mismatches.isEmpty
                )
            }
            // A defect not reported.
            if !report.truth.defects.isEmpty {
                let comparison = TruthComparison(generated: report, result: Self.result(perfect.report, [], report))
                #expect(comparison.mismatches.contains { $0.kind == .missedCode })
                #expect(comparison.mismatches.contains { $0.kind == .wrongVerdict } == report.truth.expectsRejection)
            }
            // A false error on a report that must be accepted.
            if !report.truth.expectsRejection {
                let error = Finding(code: .t3Balance, location: nil, zh: "", en: "")
                let comparison = TruthComparison(
                    generated: report, result: Self.result(perfect.report, perfect.findings + [error], report))
                #expect(Set(comparison.mismatches.map(\.kind)) == [.falseError, .wrongVerdict])
            }
            // A wrong year.
            var read = perfect.report!
            read.year = report.truth.year - 1
            let comparison = TruthComparison(generated: report, result: Self.result(read, perfect.findings, report))
            #expect(comparison.mismatches.map(\.kind) == [.wrongMetadata])
        }
    }

    @Test func ambiguityIsExcusedOnlyWhereCellsRunTogether() throws {
        let ambiguous = Finding(code: .ambiguousCells, location: nil, zh: "", en: "")
        for layout in [TextLayout.webRunTogether, .tabRows] {
            for report in try ReportGenerator(seed: 14).corpus(count: 40, layouts: [layout]) where report.truth.isValid
            {
                let perfect = Self.oracle(report)
                let comparison = TruthComparison(
                    generated: report, result: Self.result(perfect.report, [ambiguous], report))
                #expect(comparison.mismatches.isEmpty == (layout == .webRunTogether))
            }
        }
    }
}

/// Minimal reference readers for two layouts, written from the layout's definition alone: they get
/// table 三 back cell by cell (blank cells as `nil`), which proves the rendering really carries the
/// truth, blanks included, and places every number where the layout says.
@Suite struct ReferenceReadingTests {
    static func expectedRows(_ truth: ReportTruth) -> [[Int?]] {
        let table = truth.applications!
        return ApplicationRow.rows(for: table.format).map { row in
            ApplicantColumn.allCases.map { column in
                truth.blankCells.contains(.applications(CellRef(row: row, column: column))) ? nil : table[row, column]
            }
        }
    }

    /// The integer a cell's text holds (full-width digits folded), or `nil`.
    static func number(_ text: Substring) -> Int? {
        let folded = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
                }))
        return Int(folded.trimmingCharacters(in: .whitespaces))
    }

    @Test func tabRowsGiveBackTableThree() throws {
        for report in try ReportGenerator(seed: 21).corpus(count: 80, layouts: [.tabRows]) {
            guard let three = report.truth.section(3), let four = report.truth.section(4),
                report.truth.applications != nil,
                !report.truth.subtotalColumn
            else { continue }
            let text = try GeneratorTests.text(of: report)
            let lines = text.split(whereSeparator: \.isNewline)
            let start = try #require(lines.firstIndex { $0 == "三、" + three.heading })
            let end = try #require(lines.firstIndex { $0 == "四、" + four.heading })
            var rows: [[Int?]] = []
            let table = lines[start..<end].map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
            // Spans padded with empty fields put the cells at fields 3…9 of every row; otherwise they
            // follow the row's last label field. The 新收 row tells which.
            let newRow = try #require(table.first { $0.first?.contains("本年新收") ?? false })
            let padded = newRow.count >= 10
            for fields in table {
                guard let label = fields.lastIndex(where: { !$0.isEmpty && Self.number($0) == nil }), label <= 2 else {
                    continue
                }
                let cells = padded ? fields.dropFirst(3).prefix(7) : fields[(label + 1)...].prefix(7)
                guard cells.count >= 6, cells.contains(where: { !$0.isEmpty }) else { continue }
                rows.append(cells.map { Self.number($0) } + Array(repeating: nil, count: 7 - cells.count))
            }
            #expect(rows == Self.expectedRows(report.truth), "\(report.summary)")
        }
    }

    @Test func alignedColumnsGiveBackTableThree() throws {
        for report in try ReportGenerator(seed: 22).corpus(count: 80, layouts: [.pdfAligned]) {
            guard let three = report.truth.section(3), let four = report.truth.section(4),
                report.truth.applications != nil,
                !report.truth.subtotalColumn
            else { continue }
            // Not folded: full-width digits take two columns, as printed.
            let text = try #require(TextDecoder.decode(report.bytes)).text
            let lines = text.split(whereSeparator: \.isNewline)
            let start = try #require(lines.firstIndex { $0.hasSuffix("三、" + three.heading) })
            let end = try #require(lines.firstIndex { $0.hasSuffix("四、" + four.heading) })
            var rows: [[Int?]] = []
            for line in lines[start..<end] {
                var cells = [Int?](repeating: nil, count: 7)
                var column = 0
                var found = false
                for token in line.drop(while: { $0 == "\u{0C}" }).split(
                    separator: " ", omittingEmptySubsequences: false)
                {
                    let width = LayoutTextWidth.of(token)
                    column += width
                    // Numbers end one column before their column's right edge: 62 + 14 × (j + 1) − 1.
                    if let value = Self.number(token), (column - 75) % 14 == 0, (0..<7).contains((column - 75) / 14) {
                        cells[(column - 75) / 14] = value
                        found = true
                    }
                    column += 1
                }
                if found { rows.append(cells) }
            }
            #expect(rows == Self.expectedRows(report.truth), "\(report.summary)")
        }
    }
}

/// Display width as `pdftotext -layout` counts it (CJK two columns), for the aligned-layout reader.
enum LayoutTextWidth {
    static func of(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || value == 0x201C || value == 0x201D || value == 0x2014
            return total + (wide ? 2 : 1)
        }
    }
}

extension GeneratorTests {
    @Test func subtotalColumnEqualsTheFiveOrganisations() throws {
        var found = 0
        var seed: UInt64 = 1
        while found < 5 && seed < 2_000 {
            defer { seed += 1 }
            guard ReportGenerator.truth(seed: seed, layout: .markdown, defectRate: 0).subtotalColumn else { continue }
            found += 1
            var noise = NoiseOptions.none
            noise.pageBreaks = false
            let report = try ReportGenerator.report(seed: seed, layout: .markdown, defectRate: 0, noise: noise)
            let table = try #require(report.truth.applications)
            let text = try Self.text(of: report)
            #expect(text.contains("| 小计 |"))
            let newLine = try #require(text.split(whereSeparator: \.isNewline).first { $0.contains("本年新收") })
            let fields = newLine.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.compactMap { Int($0) }
            let five = ApplicantColumn.applicants.dropFirst().map { table[.new, $0]! }
            #expect(numbers.count == 8)
            #expect(numbers.count == 8 && numbers[6] == five.reduce(0, +) && numbers[7] == table[.new, .total]!)
        }
        #expect(found == 5)
    }
}
