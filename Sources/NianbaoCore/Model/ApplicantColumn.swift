/// The seven columns of table 三, always in this order.
public enum ApplicantColumn: Int, Sendable, Hashable, CaseIterable {
    case naturalPerson, commercial, research, socialWelfare, legalServices, other, total

    /// The key used in the result JSON.
    public var key: String {
        switch self {
        case .naturalPerson: "natural_person"
        case .commercial: "commercial"
        case .research: "research"
        case .socialWelfare: "social_welfare"
        case .legalServices: "legal_services"
        case .other: "other"
        case .total: "total"
        }
    }

    /// The column's heading as printed in the template.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .commercial: "商业企业"
        case .research: "科研机构"
        case .socialWelfare: "社会公益组织"
        case .legalServices: "法律服务机构"
        case .other: "其他"
        case .total: "总计"
        }
    }

    /// An English name for messages in English.
    public var englishLabel: String {
        switch self {
        case .naturalPerson: "natural persons"
        case .commercial: "commercial enterprises"
        case .research: "research institutions"
        case .socialWelfare: "social welfare organisations"
        case .legalServices: "legal service providers"
        case .other: "other organisations"
        case .total: "total"
        }
    }

    /// The six applicant columns whose sum is the 总计 column.
    public static let applicants: [ApplicantColumn] = [
        .naturalPerson, .commercial, .research, .socialWelfare, .legalServices, .other,
    ]
}
