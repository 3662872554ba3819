import NianbaoCore

/// A generated report as it really is: every value, every section and every injected defect.
///
/// Values follow the result schema's model types, so a test can compare them with what
/// ``ReportChecker`` read. A cell that is intentionally blank and cannot be inferred holds `nil`
/// ("honestly missing" is the only right reading); a blank cell that can be inferred keeps its value
/// and is listed in ``expectedInferred``.
public struct ReportTruth: Sendable {
    /// The seed the report was generated from.
    public var seed: UInt64
    /// The reporting body as printed in the title or the signature.
    public var organization: String
    /// The report year (2019–2025).
    public var year: Int
    /// The format of the report as a whole (expected for the year).
    public var format: FormatVersion
    /// The format table 二 is printed in (differs from ``format`` with ``Defect/Kind/oldProactiveFormat``).
    public var proactiveFormat: FormatVersion
    /// The format table 三 is printed in (differs from ``format`` with ``Defect/Kind/oldApplicationsFormat``).
    public var applicationsFormat: FormatVersion
    /// The date printed at the end (`yyyy-MM-dd`), or `nil` when the report carries no date.
    public var published: String?
    /// Whether a title line names body and year (otherwise the body is in the signature).
    public var hasTitle: Bool
    /// Paragraphs between the title and section 一 (the customary 本报告根据… preamble), often none.
    public var preamble: [String]
    /// The sections present, in order (a section left out by a defect is absent).
    public var sections: [SectionTruth]
    /// Table 二, or `nil` when section 二 was left out.
    public var proactive: ProactiveTable?
    /// Table 三, or `nil` when section 三 was left out.
    public var applications: ApplicationsTable?
    /// Table 四, or `nil` when section 四 was left out.
    public var reviewLitigation: ReviewLitigationTable?
    /// Whether table 三 carries the extra 法人或其他组织 小计 column of some local templates (allowed, with
    /// at most a warning, when it equals the sum of the five organisation columns — which it always does).
    public var subtotalColumn: Bool
    /// Cells printed blank (whether or not their value can be inferred).
    public var blankCells: Set<CellAddress>
    /// Table 三 cells that are blank but follow uniquely from the sums.
    public var expectedInferred: [CellRef]
    /// The defects injected (empty for a valid report).
    public var defects: [Defect]
    /// Codes that may appear as a side effect of the defects (a changed total also breaks a column).
    public var toleratedCodes: Set<FindingCode>

    /// Codes that must be reported.
    public var expectedCodes: Set<FindingCode> { Set(defects.map(\.code)) }
    /// Whether the report must be rejected: some defect is an error.
    public var expectsRejection: Bool { defects.contains { $0.severity == .error } }
    /// Whether no defect at all was injected.
    public var isValid: Bool { defects.isEmpty }

    /// The section numbered `number`, if present.
    public func section(_ number: Int) -> SectionTruth? { sections.first { $0.number == number } }
}

/// One section as generated.
public struct SectionTruth: Sendable, Hashable {
    /// 1…6.
    public var number: Int
    /// The heading without its ordinal (`总体情况`).
    public var heading: String
    /// The paragraphs of the section's text (tables not included).
    public var paragraphs: [String]

    public init(number: Int, heading: String, paragraphs: [String]) {
        self.number = number
        self.heading = heading
        self.paragraphs = paragraphs
    }

    /// The text's length in characters, whitespace not counted (the SEC1_TOO_LONG measure).
    public var nonWhitespaceCount: Int {
        paragraphs.reduce(0) { $0 + $1.unicodeScalars.filter { !$0.properties.isWhitespace }.count }
    }
}

/// The address of one cell in one of the three tables.
public enum CellAddress: Sendable, Hashable, CustomStringConvertible {
    /// Table 二: item key and field key (`licensing`, `decisions`).
    case proactive(item: String, field: String)
    /// Table 三.
    case applications(CellRef)
    /// Table 四: index 0…14 (block × 5 + field).
    case review(Int)

    public var description: String {
        switch self {
        case .proactive(let item, let field): "二/\(item).\(field)"
        case .applications(let ref): "三/\(ref)"
        case .review(let index):
            "四/\(ReviewLitigationTable.Block(rawValue: index / 5)!.key).\(ReviewLitigationTable.fieldKeys[index % 5])"
        }
    }
}
