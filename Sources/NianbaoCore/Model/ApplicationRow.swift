/// A row of table 三 (收到和处理政府信息公开申请情况).
public enum ApplicationRow: String, Sendable, Hashable, CaseIterable {
    case new
    case carriedOver = "carried_over"
    case granted
    case partiallyGranted = "partially_granted"
    case withheld1 = "withheld_1", withheld2 = "withheld_2", withheld3 = "withheld_3", withheld4 = "withheld_4"
    case withheld5 = "withheld_5", withheld6 = "withheld_6", withheld7 = "withheld_7", withheld8 = "withheld_8"
    case unable1 = "unable_1", unable2 = "unable_2", unable3 = "unable_3"
    case notProcessed1 = "not_processed_1", notProcessed2 = "not_processed_2", notProcessed3 = "not_processed_3"
    case notProcessed4 = "not_processed_4", notProcessed5 = "not_processed_5"
    case other1 = "other_1", other2 = "other_2", other3 = "other_3"
    /// The single （六）其他处理 row of the 2019 format.
    case other
    case total
    case carriedForward = "carried_forward"

    /// The key used in the result JSON.
    public var key: String { rawValue }

    /// The case's position. Rows hash and compare by it: the defaults for a `String` raw value
    /// hash and compare the strings, which the recognizer's row dictionaries paid for thousands of
    /// times per report.
    @inline(__always) private var ordinal: UInt8 { withUnsafeBytes(of: self) { $0[0] } }

    /// The case's position in ``allCases``: the slot of ``ApplicationRowMap``.
    @inline(__always) var position: Int { Int(ordinal) }

    public static func == (lhs: ApplicationRow, rhs: ApplicationRow) -> Bool { lhs.ordinal == rhs.ordinal }

    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// The rows of a format, in the order the template prints them.
    public static func rows(for format: FormatVersion) -> [ApplicationRow] {
        switch format {
        case .v2021: rows2021
        case .v2019: rows2019
        }
    }

    /// The result rows (办理结果) whose sum is the （七）总计 row.
    public static func resultRows(for format: FormatVersion) -> [ApplicationRow] {
        rows(for: format).filter { $0 != .new && $0 != .carriedOver && $0 != .total && $0 != .carriedForward }
    }

    static let rows2021: [ApplicationRow] = allCases.filter { $0 != .other }
    static let rows2019: [ApplicationRow] = allCases.filter { $0 != .other1 && $0 != .other2 && $0 != .other3 }

    /// The label as printed in the template (group label included).
    public var label: String {
        switch self {
        case .new: "一、本年新收政府信息公开申请数量"
        case .carriedOver: "二、上年结转政府信息公开申请数量"
        case .granted: "（一）予以公开"
        case .partiallyGranted: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        case .withheld1: "（三）不予公开 1.属于国家秘密"
        case .withheld2: "（三）不予公开 2.其他法律行政法规禁止公开"
        case .withheld3: "（三）不予公开 3.危及“三安全一稳定”"
        case .withheld4: "（三）不予公开 4.保护第三方合法权益"
        case .withheld5: "（三）不予公开 5.属于三类内部事务信息"
        case .withheld6: "（三）不予公开 6.属于四类过程性信息"
        case .withheld7: "（三）不予公开 7.属于行政执法案卷"
        case .withheld8: "（三）不予公开 8.属于行政查询事项"
        case .unable1: "（四）无法提供 1.本机关不掌握相关政府信息"
        case .unable2: "（四）无法提供 2.没有现成信息需要另行制作"
        case .unable3: "（四）无法提供 3.补正后申请内容仍不明确"
        case .notProcessed1: "（五）不予处理 1.信访举报投诉类申请"
        case .notProcessed2: "（五）不予处理 2.重复申请"
        case .notProcessed3: "（五）不予处理 3.要求提供公开出版物"
        case .notProcessed4: "（五）不予处理 4.无正当理由大量反复申请"
        case .notProcessed5: "（五）不予处理 5.要求行政机关确认或重新出具已获取信息"
        case .other1: "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .other2: "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .other3: "（六）其他处理 3.其他"
        case .other: "（六）其他处理"
        case .total: "（七）总计"
        case .carriedForward: "四、结转下年度继续办理"
        }
    }

    /// A short label for messages: the label without its group prefix.
    public var shortLabel: String {
        let full = label
        if let space = full.lastIndex(of: " ") { return String(full[full.index(after: space)...]) }
        return full
    }
}
