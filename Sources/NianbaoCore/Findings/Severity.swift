/// How serious a finding is. A report with at least one ``error`` is rejected.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// The severity's name in Chinese (提示, 警告, 错误).
    public var chinese: String {
        switch self {
        case .info: "提示"
        case .warning: "警告"
        case .error: "错误"
        }
    }
}
