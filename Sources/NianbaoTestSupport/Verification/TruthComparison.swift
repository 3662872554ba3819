import Foundation
import NianbaoCore

/// Compares what ``ReportChecker`` read from a generated report with the report's truth.
///
/// The rules are the product's promise: a cell is read exactly or honestly missing (`nil`), never
/// wrong; every injected defect is reported with its code; a report without an error defect gets no
/// error finding and is accepted. In layout 5 (cells run together) a row whose split is not unique
/// may be reported as `AMBIGUOUS_CELLS` (with its cells `nil`), which may also stand in for the
/// arithmetic code of a defect whose broken sum made the split ambiguous; where that sum left no split
/// that adds up, `MISSING_CELL` (the numbers do not fit the columns) does the same. Where OCR printed value
/// cells unreadable (layout 4), `MISSING_CELL` may be an error (a check needs the cell) and may stand
/// in for the arithmetic code of a defect whose sum involves an unreadable cell.
public struct TruthComparison: Sendable {
    /// One way the reading differs from the truth.
    public struct Mismatch: Sendable, CustomStringConvertible {
        public enum Kind: String, Sendable, CaseIterable {
            /// A cell read as a number other than the truth: never acceptable.
            case wrongCell
            /// A blank cell whose value cannot be inferred was given a number (a guess).
            case guessedCell
            /// A blank cell was filled in without being listed under `inferred`.
            case unmarkedInference
            /// Body, year, format or date read as something else than printed.
            case wrongMetadata
            /// An injected defect's code is absent.
            case missedCode
            /// A defect's code is present with the wrong severity.
            case wrongSeverity
            /// An error finding that no injected defect explains.
            case falseError
            /// The verdict differs from the one the defects call for.
            case wrongVerdict
        }

        public var kind: Kind
        /// Where the report came from: its text layout (`L7a`) or the writer (`docx`, `html`).
        public var source: String
        /// The generated report's seed, for regenerating it alone.
        public var seed: UInt64
        /// The cell, code or field concerned.
        public var subject: String
        public var expected: String
        public var got: String

        public var description: String {
            "\(kind.rawValue) \(source) seed=\(seed) \(subject): expected \(expected), got \(got)"
        }
    }

    /// Counts of one report's cells.
    public struct CellCounts: Sendable {
        /// Cells with a value in the truth.
        public var known = 0
        /// Of those, read exactly.
        public var exact = 0
        /// Of those, read as missing (`nil`).
        public var missing = 0
        /// Read as a different number, or guessed where the truth is blank.
        public var wrong = 0

        public init() {}

        public static func + (lhs: CellCounts, rhs: CellCounts) -> CellCounts {
            var sum = lhs
            sum.known += rhs.known
            sum.exact += rhs.exact
            sum.missing += rhs.missing
            sum.wrong += rhs.wrong
            return sum
        }
    }

    public var cells = CellCounts()
    public var mismatches: [Mismatch] = []

    /// Compares `result` with the truth of `generated`.
    public init(generated: GeneratedReport, result: CheckResult) {
        self.init(
            truth: generated.truth, source: "L" + generated.layout.rawValue, result: result,
            cellsRunTogether: generated.layout == .webRunTogether, cellsUnreadable: generated.garbledCells > 0)
    }

    /// Compares `result` with `truth`.
    /// - Parameters:
    ///   - source: names the rendering in mismatches (`L7a`, `docx`, `html`).
    ///   - cellsRunTogether: whether the layout runs cells together (layout 5), which allows
    ///     `AMBIGUOUS_CELLS` as described above.
    ///   - cellsUnreadable: whether some value cells were printed unreadable (layout 4), which
    ///     allows `MISSING_CELL` as described above.
    public init(
        truth: ReportTruth, source: String, result: CheckResult, cellsRunTogether: Bool = false,
        cellsUnreadable: Bool = false
    ) {
        /// The code that may stand in for an arithmetic defect's and be an error without a defect.
        let standIn: FindingCode? = cellsRunTogether ? .ambiguousCells : cellsUnreadable ? .missingCell : nil
        let report = result.report
        func add(_ kind: Mismatch.Kind, _ subject: String, _ expected: String, _ got: String) {
            mismatches.append(
                Mismatch(kind: kind, source: source, seed: truth.seed, subject: subject, expected: expected, got: got))
        }
        func cell(_ address: CellAddress, expected: CellValue?, got: CellValue?) {
            let blank = truth.blankCells.contains(address)
            guard let expected else {
                if let got { add(.guessedCell, address.description, "nil (blank, not inferable)", Self.show(got)) }
                return
            }
            cells.known += 1
            guard let got else {
                cells.missing += 1
                return
            }
            if Self.same(expected, got) {
                cells.exact += 1
                if blank, case .applications(let ref) = address,
                    !(report?.applications?.inferred.contains(ref) ?? false)
                {
                    add(.unmarkedInference, address.description, "listed under inferred", "not listed")
                }
            } else {
                cells.wrong += 1
                add(.wrongCell, address.description, Self.show(expected), Self.show(got))
            }
        }

        // Table 二
        if let proactive = truth.proactive {
            for item in ProactiveLayout.items(for: proactive.format) {
                for field in item.fields {
                    cell(
                        .proactive(item: item.key, field: field.key), expected: proactive[item.key, field.key],
                        got: report?.proactive?[item.key, field.key])
                }
            }
        } else if let read = report?.proactive, read.values.values.contains(where: { $0.values.contains { $0 != nil } })
        {
            add(.wrongCell, "二", "no table (section left out)", "numbers read")
        }
        // Table 三
        if let applications = truth.applications {
            for row in ApplicationRow.rows(for: applications.format) {
                for column in ApplicantColumn.allCases {
                    cell(
                        .applications(CellRef(row: row, column: column)),
                        expected: applications[row, column].map(CellValue.integer),
                        got: report?.applications?[row, column].map(CellValue.integer))
                }
            }
        } else if let read = report?.applications, !read.isEmpty {
            add(.wrongCell, "三", "no table (section left out)", "numbers read")
        }
        // Table 四
        if let review = truth.reviewLitigation {
            for index in 0..<15 {
                let got = (report?.reviewLitigation?.cells[index]).flatMap { $0 }
                cell(
                    .review(index), expected: review.cells[index].map(CellValue.integer),
                    got: got.map(CellValue.integer))
            }
        } else if let read = report?.reviewLitigation, read.cells.contains(where: { $0 != nil }) {
            add(.wrongCell, "四", "no table (section left out)", "numbers read")
        }

        // What was read about the report itself.
        if let year = report?.year, year != truth.year { add(.wrongMetadata, "year", "\(truth.year)", "\(year)") }
        let oldFormat = truth.proactiveFormat != truth.format || truth.applicationsFormat != truth.format
        if !oldFormat, let format = report?.format, format != truth.format {
            add(.wrongMetadata, "format", truth.format.rawValue, format.rawValue)
        }
        if let organization = report?.organization,
            organization.filter({ !$0.isWhitespace }) != truth.organization.filter({ !$0.isWhitespace })
        {
            add(.wrongMetadata, "organization", truth.organization, organization)
        }
        if let published = report?.published, published != truth.published {
            add(.wrongMetadata, "published", truth.published ?? "nil (no date printed)", published)
        }

        // Findings.
        let arithmetic: Set<FindingCode> = [.t3TotalColumn, .t3TotalRow, .t3Balance, .t4BlockSum]
        let present = Set(result.findings.map(\.code))
        for defect in truth.defects {
            let findings = result.findings.filter { $0.code == defect.code }
            if findings.isEmpty {
                // A cell's own code (a negative number, a blank to infer) goes unseen when OCR made that
                // cell or one its sum needs unreadable; MISSING_CELL says so instead.
                let cellCodes: Set<FindingCode> = [.negativeValue, .cellInferred]
                // Digits run together around a broken sum split in no way that adds up: MISSING_CELL
                // (the numbers do not fit the columns) stands in as well.
                let excused = (arithmetic.contains(defect.code) || cellsUnreadable && cellCodes.contains(defect.code))
                    && (standIn.map(present.contains) == true || cellsRunTogether && present.contains(.missingCell))
                if !excused { add(.missedCode, defect.code.rawValue, defect.detail, "absent") }
                continue
            }
            let highest = findings.map(\.severity).max()!
            // An unreadable cell a check needs makes MISSING_CELL an error where a blank one was a warning.
            let raised = cellsUnreadable && defect.code == .missingCell && highest == .error
            if !raised && (defect.severity == .error && highest != .error || defect.severity != .error && highest == .error) {
                add(.wrongSeverity, defect.code.rawValue, defect.severity.rawValue, highest.rawValue)
            }
        }
        var allowed = truth.expectedCodes.filter { code in
            truth.defects.contains { $0.code == code && $0.severity == .error }
        }
        allowed.formUnion(truth.toleratedCodes)
        if let standIn { allowed.insert(standIn) }
        // Digits run together in a row whose sum an arithmetic defect broke split in no way that adds
        // up: the row's cells are missing, said as such.
        if cellsRunTogether && truth.defects.contains(where: { arithmetic.contains($0.code) }) { allowed.insert(.missingCell) }
        for finding in result.findings where finding.severity == .error && !allowed.contains(finding.code) {
            add(.falseError, finding.code.rawValue, "no error", finding.messageZh)
        }
        let expectedVerdict: Verdict = truth.expectsRejection ? .rejected : .accepted
        if result.verdict != expectedVerdict {
            let excused = result.verdict == .rejected && standIn != nil && result.errors.allSatisfy { $0.code == standIn }
            if !excused { add(.wrongVerdict, "verdict", expectedVerdict.rawValue, result.verdict.rawValue) }
        }
    }

    static func show(_ value: CellValue) -> String {
        switch value {
        case .integer(let number): String(number)
        case .decimal(let text): "\"\(text)\""
        }
    }

    /// Equal values; a decimal and an integer are equal when they are the same number.
    static func same(_ lhs: CellValue, _ rhs: CellValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b
        default:
            guard let a = decimal(lhs), let b = decimal(rhs) else { return false }
            return a == b
        }
    }

    static func decimal(_ value: CellValue) -> Decimal? {
        switch value {
        case .integer(let number): Decimal(number)
        case .decimal(let text): Decimal(string: text.text, locale: Locale(identifier: "en_US_POSIX"))
        }
    }
}
