/// Everything read from one report.
public struct Report: Sendable, Hashable {
    /// The reporting body, from the title or the signature.
    public var organization: String?
    /// The report year.
    public var year: Int?
    /// The layout of the tables (2019 or 2021), from the tables themselves.
    public var format: FormatVersion?
    /// The date printed on the report, as `yyyy-MM-dd`.
    public var published: String?
    /// The sections found, in document order.
    public var sections: [Section]
    /// Table 二, or `nil` when absent.
    public var proactive: ProactiveTable?
    /// Table 三, or `nil` when absent.
    public var applications: ApplicationsTable?
    /// Table 四, or `nil` when absent.
    public var reviewLitigation: ReviewLitigationTable?

    public init(
        organization: String? = nil, year: Int? = nil, format: FormatVersion? = nil, published: String? = nil,
        sections: [Section] = [], proactive: ProactiveTable? = nil, applications: ApplicationsTable? = nil,
        reviewLitigation: ReviewLitigationTable? = nil
    ) {
        self.organization = organization
        self.year = year
        self.format = format
        self.published = published
        self.sections = sections
        self.proactive = proactive
        self.applications = applications
        self.reviewLitigation = reviewLitigation
    }

    /// The section numbered `number`, if found.
    public func section(_ number: Int) -> Section? { sections.first { $0.number == number } }
}
