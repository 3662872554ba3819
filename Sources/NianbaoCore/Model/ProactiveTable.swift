/// Table 二 (主动公开政府信息情况) as read.
///
/// The two formats have different rows and columns; both are described by ``ProactiveLayout`` and
/// held here in the layout's order: item by item, field by field.
public struct ProactiveTable: Sendable, Hashable {
    /// The format whose layout the table follows.
    public var format: FormatVersion
    /// The values in the layout's order (``ProactiveLayout/items(for:)``, each item's fields in
    /// turn); `nil` for a field that could not be read. (Nested dictionaries keyed by strings, as
    /// this was, cost about 40,000 instructions a report to make, fill and read: a fifth of a
    /// microsecond for every value.)
    private var cells: [CellValue?]
    /// Values set for an item or field that the format's layout does not have, kept as given.
    private var extra: [String: [String: CellValue?]] = [:]
    /// Units written beside amounts, by item key (`fees` → `元`), when a unit was printed in the cell.
    public var amountUnits: [String: String]

    /// An empty table of `format`: every value unknown.
    public init(format: FormatVersion) {
        self.format = format
        cells = Array(repeating: nil, count: ProactiveLayout.fieldCount(for: format))
        amountUnits = [:]
    }

    /// Values by item key (`regulations`, `licensing`, …) and field key (`issued`, `decisions`, …),
    /// every field of the layout present. A field that could not be read is `nil`.
    public var values: [String: [String: CellValue?]] {
        get {
            var values = extra
            var position = 0
            for item in ProactiveLayout.items(for: format) {
                var fields = values[item.key] ?? [:]
                for field in item.fields {
                    fields[field.key] = .some(cells[position])
                    position += 1
                }
                values[item.key] = fields
            }
            return values
        }
        set {
            cells = Array(repeating: nil, count: cells.count)
            extra = [:]
            for (item, fields) in newValue {
                for (field, value) in fields { self[item, field] = value }
            }
        }
    }

    /// The value of `field` of `item`, or `nil` when unknown.
    public subscript(item: String, field: String) -> CellValue? {
        get {
            if let position = ProactiveLayout.position(of: item, field, in: format) { return cells[position] }
            return extra[item]?[field] ?? nil
        }
        set {
            if let position = ProactiveLayout.position(of: item, field, in: format) {
                cells[position] = newValue
            } else {
                extra[item, default: [:]][field] = .some(newValue)
            }
        }
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

    /// The number of fields in all the rows of `format`.
    static func fieldCount(for format: FormatVersion) -> Int {
        format == .v2021 ? fieldCount2021 : fieldCount2019
    }
    private static let fieldCount2021 = items2021.reduce(0) { $0 + $1.fields.count }
    private static let fieldCount2019 = items2019.reduce(0) { $0 + $1.fields.count }

    /// Where `field` of `item` is among the fields of `format` taken row by row, or `nil` when the
    /// layout has no such field. Compared as strings, not hashed: the keys asked for are the
    /// layout's own, mostly the very same strings, and a row has at most three fields.
    static func position(of item: String, _ field: String, in format: FormatVersion) -> Int? {
        var position = 0
        for candidate in items(for: format) {
            if candidate.key == item {
                for (index, known) in candidate.fields.enumerated() where known.key == field { return position + index }
                return nil
            }
            position += candidate.fields.count
        }
        return nil
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
