/// Table 二 (主动公开政府信息情况) as read.
///
/// The two formats have different rows and columns; both are described by ``ProactiveLayout`` and
/// held here as `item → field → value`, in the layout's order.
public struct ProactiveTable: Sendable, Hashable {
    /// The format whose layout the table follows.
    public var format: FormatVersion
    /// Values by item key (`regulations`, `licensing`, …) and field key (`issued`, `decisions`, …).
    /// A field that could not be read is `nil`.
    public var values: [String: [String: CellValue?]]
    /// Units written beside amounts, by item key (`fees` → `元`), when a unit was printed in the cell.
    public var amountUnits: [String: String]

    /// An empty table of `format`: every value unknown.
    public init(format: FormatVersion) {
        self.format = format
        // Sized up front: growing the dictionaries one key at a time rehashed them repeatedly.
        let items = ProactiveLayout.items(for: format)
        var values = [String: [String: CellValue?]](minimumCapacity: items.count)
        for item in items {
            var fields = [String: CellValue?](minimumCapacity: item.fields.count)
            for field in item.fields { fields[field.key] = .some(nil) }
            values[item.key] = fields
        }
        self.values = values
        self.amountUnits = [:]
    }

    /// The value of `field` of `item`, or `nil` when unknown.
    public subscript(item: String, field: String) -> CellValue? {
        get { values[item]?[field] ?? nil }
        set { values[item, default: [:]][field] = .some(newValue) }
    }
}

/// The rows and columns of table 二 in each format.
public enum ProactiveLayout {
    /// One row of table 二.
    public struct Item: Sendable {
        /// Key in the result JSON (`regulations`).
        public let key: String
        /// Label as printed (`规章`) and accepted variants.
        public let labels: [String]
        /// The block's article (`第二十条第（一）项` → `一`).
        public let block: String
        /// Columns of the row.
        public let fields: [Field]
    }

    /// One column of a row of table 二.
    public struct Field: Sendable {
        /// Key in the result JSON (`issued`).
        public let key: String
        /// Heading as printed (`本年制发件数`).
        public let label: String
        /// Whether the value is a money amount (a decimal kept as written).
        public let isAmount: Bool
        /// Whether the value may be negative (2019 本年增/减).
        public let isSigned: Bool

        init(_ key: String, _ label: String, amount: Bool = false, signed: Bool = false) {
            self.key = key
            self.label = label
            self.isAmount = amount
            self.isSigned = signed
        }
    }

    /// The rows of table 二 in `format`, in template order.
    public static func items(for format: FormatVersion) -> [Item] {
        format == .v2021 ? items2021 : items2019
    }

    static let docs2021: [Field] = [.init("issued", "本年制发件数"), .init("repealed", "本年废止件数"), .init("in_force", "现行有效件数")]
    static let items2021: [Item] = [
        Item(key: "regulations", labels: ["规章"], block: "一", fields: docs2021),
        Item(key: "normative_documents", labels: ["行政规范性文件", "规范性文件"], block: "一", fields: docs2021),
        Item(key: "licensing", labels: ["行政许可"], block: "五", fields: [.init("decisions", "本年处理决定数量")]),
        Item(key: "penalty", labels: ["行政处罚"], block: "六", fields: [.init("decisions", "本年处理决定数量")]),
        Item(key: "enforcement", labels: ["行政强制"], block: "六", fields: [.init("decisions", "本年处理决定数量")]),
        Item(key: "fees", labels: ["行政事业性收费"], block: "八", fields: [.init("amount", "本年收费金额（单位：万元）", amount: true)]),
    ]

    static let docs2019: [Field] = [.init("made", "本年新制作数量"), .init("published", "本年新公开数量"), .init("published_total", "对外公开总数量")]
    static let items2019Service: [Field] = [
        .init("previous_items", "上一年项目数量"), .init("change", "本年增/减", signed: true), .init("decisions", "处理决定数量"),
    ]
    static let items2019: [Item] = [
        Item(key: "regulations", labels: ["规章"], block: "一", fields: docs2019),
        Item(key: "normative_documents", labels: ["规范性文件", "行政规范性文件"], block: "一", fields: docs2019),
        Item(key: "licensing", labels: ["行政许可"], block: "五", fields: items2019Service),
        Item(key: "other_services", labels: ["其他对外管理服务事项"], block: "五", fields: items2019Service),
        Item(key: "penalty", labels: ["行政处罚"], block: "六", fields: items2019Service),
        Item(key: "enforcement", labels: ["行政强制"], block: "六", fields: items2019Service),
        Item(key: "fees", labels: ["行政事业性收费"], block: "八",
             fields: [.init("previous_items", "上一年项目数量"), .init("change", "本年增/减", signed: true)]),
        Item(key: "procurement", labels: ["政府集中采购"], block: "九",
             fields: [.init("items", "采购项目数量"), .init("amount", "采购总金额", amount: true)]),
    ]
}
