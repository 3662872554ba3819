/// The stable code of a kind of finding, as listed in `report-format.md`.
///
/// Codes never change with the language of messages; severities can be overridden per code in the
/// configuration (``CheckOptions/severityOverrides``).
public struct FindingCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let t3Balance = FindingCode(rawValue: "T3_BALANCE")
    public static let t3TotalRow = FindingCode(rawValue: "T3_TOTAL_ROW")
    public static let t3TotalColumn = FindingCode(rawValue: "T3_TOTAL_COLUMN")
    public static let t4BlockSum = FindingCode(rawValue: "T4_BLOCK_SUM")
    public static let negativeValue = FindingCode(rawValue: "NEGATIVE_VALUE")
    public static let missingCell = FindingCode(rawValue: "MISSING_CELL")
    public static let cellInferred = FindingCode(rawValue: "CELL_INFERRED")
    public static let ambiguousCells = FindingCode(rawValue: "AMBIGUOUS_CELLS")
    public static let sectionMissing = FindingCode(rawValue: "SECTION_MISSING")
    public static let sectionHeadingMissing = FindingCode(rawValue: "SECTION_HEADING_MISSING")
    public static let sectionOrder = FindingCode(rawValue: "SECTION_ORDER")
    public static let tableMissing = FindingCode(rawValue: "TABLE_MISSING")
    public static let yearUnknown = FindingCode(rawValue: "YEAR_UNKNOWN")
    public static let yearConflict = FindingCode(rawValue: "YEAR_CONFLICT")
    public static let orgUnknown = FindingCode(rawValue: "ORG_UNKNOWN")
    public static let formatVersion = FindingCode(rawValue: "FORMAT_VERSION")
    public static let legacyFormat = FindingCode(rawValue: "LEGACY_FORMAT")
    public static let sec5Empty = FindingCode(rawValue: "SEC5_EMPTY")
    public static let sec5Incomplete = FindingCode(rawValue: "SEC5_INCOMPLETE")
    public static let sec6FeeMissing = FindingCode(rawValue: "SEC6_FEE_MISSING")
    public static let sec6FeeForUnpaid = FindingCode(rawValue: "SEC6_FEE_FOR_UNPAID")
    public static let sec1TooLong = FindingCode(rawValue: "SEC1_TOO_LONG")
    public static let t3OtherShare = FindingCode(rawValue: "T3_OTHER_SHARE")
    public static let t2DocsPlausible = FindingCode(rawValue: "T2_DOCS_PLAUSIBLE")
    public static let t2FeeUnit = FindingCode(rawValue: "T2_FEE_UNIT")
    public static let textTableMismatch = FindingCode(rawValue: "TEXT_TABLE_MISMATCH")
    public static let latePublication = FindingCode(rawValue: "LATE_PUBLICATION")
    public static let crossYearCarry = FindingCode(rawValue: "CROSS_YEAR_CARRY")
    public static let crossYearStock = FindingCode(rawValue: "CROSS_YEAR_STOCK")
    public static let resubmittedChanged = FindingCode(rawValue: "RESUBMITTED_CHANGED")
    public static let duplicateSubmission = FindingCode(rawValue: "DUPLICATE_SUBMISSION")
    public static let unreadable = FindingCode(rawValue: "UNREADABLE")
    public static let unsupportedType = FindingCode(rawValue: "UNSUPPORTED_TYPE")
    public static let tooLarge = FindingCode(rawValue: "TOO_LARGE")

    /// Every code of the catalogue with its default severity and a one-line description.
    public static let catalogue: [(code: FindingCode, severity: Severity, summary: String)] = [
        (.t3Balance, .error, "第三部分表格勾稽关系（新收+上年结转=办理结果总计+结转下年）不符"),
        (.t3TotalRow, .error, "第三部分表格（七）总计不等于各项办理结果之和"),
        (.t3TotalColumn, .error, "第三部分表格总计列不等于各申请人列之和"),
        (.t4BlockSum, .error, "第四部分表格总计不等于维持、纠正、其他、尚未审结之和"),
        (.negativeValue, .error, "数量为负数或不是整数"),
        (.missingCell, .warning, "单元格空白或无法识别"),
        (.cellInferred, .info, "空白单元格的数值由表格自身合计唯一推出"),
        (.ambiguousCells, .error, "连在一起的数字可按多种方式拆分"),
        (.sectionMissing, .error, "缺少六个部分之一"),
        (.sectionHeadingMissing, .warning, "部分标题缺失但表格存在"),
        (.sectionOrder, .warning, "部分顺序错乱或标题不规范"),
        (.tableMissing, .error, "缺少表格二、三或四"),
        (.yearUnknown, .error, "无法确定报告年度"),
        (.yearConflict, .warning, "标题、正文与表格的年度不一致"),
        (.orgUnknown, .warning, "无法确定报告机关"),
        (.formatVersion, .warning, "表格格式与报告年度不符"),
        (.legacyFormat, .error, "2019年以前的旧版格式"),
        (.sec5Empty, .error, "第五部分为空"),
        (.sec5Incomplete, .warning, "第五部分只写问题或只写改进"),
        (.sec6FeeMissing, .error, "第六部分未说明信息处理费收取情况"),
        (.sec6FeeForUnpaid, .warning, "有逾期未缴费不再处理的申请，但第六部分未提信息处理费"),
        (.sec1TooLong, .warning, "第一部分正文超过1000字"),
        (.t3OtherShare, .warning, "其他处理超过总计的10%"),
        (.t2DocsPlausible, .warning, "第二部分文件件数不合常理"),
        (.t2FeeUnit, .warning, "行政事业性收费金额单位不是万元"),
        (.textTableMismatch, .warning, "正文中的数字与表格不符"),
        (.latePublication, .warning, "报告日期晚于公布期限"),
        (.crossYearCarry, .warning, "上年结转与上一年度报告的结转下年不符"),
        (.crossYearStock, .warning, "现行有效件数与上一年度不衔接"),
        (.resubmittedChanged, .warning, "同一机关同一年度重复报送且数字不同"),
        (.duplicateSubmission, .info, "与此前报送的文件完全相同"),
        (.unreadable, .error, "文件无法解码"),
        (.unsupportedType, .error, "不支持的文件类型"),
        (.tooLarge, .error, "文件超过大小限制"),
    ]

    static let defaults: [FindingCode: Severity] = Dictionary(
        uniqueKeysWithValues: catalogue.map { ($0.code, $0.severity) })

    /// The default severity of this code (`warning` for a code outside the catalogue).
    public var defaultSeverity: Severity { Self.defaults[self] ?? .warning }

    /// Whether this code is in the catalogue.
    public var isKnown: Bool { Self.defaults[self] != nil }
}
