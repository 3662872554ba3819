import NianbaoCore

/// One cell of a table as laid out on the page, before any text layout flattens it.
struct GridCell: Sendable, Hashable {
    var text: String
    var span: Int = 1
    var merge: DocCell.VerticalMerge = .none
    /// A number cell (as opposed to a label or heading).
    var isValue = false
    /// A number cell printed blank.
    var isBlank: Bool { isValue && text.isEmpty }

    static func value(_ text: String, span: Int = 1) -> GridCell { GridCell(text: text, span: span, isValue: true) }
    static func covered(span: Int = 1) -> GridCell { GridCell(text: "", span: span, merge: .continue) }

    var docCell: DocCell { DocCell(text, columnSpan: span, verticalMerge: merge) }
}

/// A table as a grid of rows: header rows (repeated after page breaks) and body rows.
struct TableGrid: Sendable {
    /// Which of the report's tables.
    enum Kind: Sendable { case proactive, applications, reviewLitigation }

    var kind: Kind
    var columns: Int
    var header: [[GridCell]]
    var body: [[GridCell]]

    var allRows: [[GridCell]] { header + body }
    var docBlock: DocBlock { .table(allRows.map { $0.map(\.docCell) }) }
}

/// Lays the truth's tables out as grids with the template's merges, in a report's label style.
struct TableGridBuilder {
    let truth: ReportTruth
    let style: LabelStyle

    private func blank(_ address: CellAddress) -> Bool { truth.blankCells.contains(address) }

    // MARK: Table 二

    func proactive(_ table: ProactiveTable) -> TableGrid {
        var rows: [[GridCell]] = []
        let items = ProactiveLayout.items(for: table.format)
        var blocks: [(String, [ProactiveLayout.Item])] = []
        for item in items {
            if blocks.last?.0 == item.block {
                blocks[blocks.count - 1].1.append(item)
            } else {
                blocks.append((item.block, [item]))
            }
        }
        for (block, blockItems) in blocks {
            rows.append([GridCell(text: style.label("第二十条第（\(block)）项"), span: 4)])
            let fields = blockItems[0].fields
            var header = [GridCell(text: "信息内容")]
            for (index, field) in fields.enumerated() {
                let last = index == fields.count - 1
                header.append(GridCell(text: style.label(field.label), span: last ? 4 - fields.count : 1))
            }
            rows.append(header)
            for item in blockItems {
                var label = item.labels[0]
                if item.key == "normative_documents" && table.format == .v2021 && style.noise.shortNormative {
                    label = "规范性文件"
                }
                var row = [GridCell(text: label)]
                for (index, field) in fields.enumerated() {
                    let last = index == fields.count - 1
                    var text = ""
                    if !blank(.proactive(item: item.key, field: field.key)), let value = table[item.key, field.key] {
                        text = style.value(value, signed: field.isSigned)
                        if field.isAmount, table.format == .v2019, let unit = table.amountUnits[item.key] {
                            text += unit
                        }
                    }
                    row.append(.value(text, span: last ? 4 - fields.count : 1))
                }
                rows.append(row)
            }
        }
        return TableGrid(kind: .proactive, columns: 4, header: [], body: rows)
    }

    // MARK: Table 三

    static let balanceNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    func applications(_ table: ApplicationsTable) -> TableGrid {
        // Some local templates add a 法人或其他组织 小计 column after the five organisation columns.
        let subtotal = truth.subtotalColumn
        let organisations = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] + (subtotal ? ["小计"] : [])
        let header: [[GridCell]] = [
            [
                GridCell(text: style.label(Self.balanceNote), span: 3, merge: .restart(rows: 3)),
                GridCell(text: "申请人情况", span: 2 + organisations.count),
            ],
            [
                .covered(span: 3), GridCell(text: "自然人", merge: .restart(rows: 2)),
                GridCell(text: "法人或其他组织", span: organisations.count),
                GridCell(text: "总计", merge: .restart(rows: 2)),
            ],
            [.covered(span: 3), .covered()] + organisations.map { GridCell(text: $0) } + [.covered()],
        ]
        let rows = ApplicationRow.rows(for: table.format)
        let resultRows = rows.filter { $0 != .new && $0 != .carriedOver && $0 != .carriedForward }
        var body: [[GridCell]] = []
        for row in rows {
            var labels: [GridCell]
            if row == .new || row == .carriedOver || row == .carriedForward {
                labels = [GridCell(text: style.label(row.label), span: 3)]
            } else {
                let first = row == resultRows.first
                let outer =
                    first
                    ? GridCell(text: "三、本年度办理结果", merge: .restart(rows: resultRows.count)) : .covered()
                if let group = Self.group(of: row) {
                    let members = rows.filter { Self.group(of: $0) == group }
                    let groupCell =
                        row == members.first
                        ? GridCell(text: style.label(group), merge: .restart(rows: members.count)) : .covered()
                    labels = [outer, groupCell, GridCell(text: style.label(row.shortLabel))]
                } else {
                    labels = [outer, GridCell(text: style.label(row.label), span: 2)]
                }
            }
            var values = ApplicantColumn.allCases.map { column -> GridCell in
                let ref = CellRef(row: row, column: column)
                guard !blank(.applications(ref)), let value = table[row, column] else { return .value("") }
                return .value(style.count(value))
            }
            if subtotal {
                // The subtotal is what the body wrote: the sum of the five, blank when one of them is
                // unknown (so that it cannot give a blank away).
                let five = ApplicantColumn.applicants.dropFirst().map { table[row, $0] }
                let sum = five.allSatisfy { $0 != nil } ? five.reduce(0) { $0 + $1! } : nil
                values.insert(sum.map { .value(style.count($0)) } ?? .value(""), at: 6)
            }
            body.append(labels + values)
        }
        return TableGrid(kind: .applications, columns: 10 + (subtotal ? 1 : 0), header: header, body: body)
    }

    /// The （三）…（六） group a sub-item row belongs to, or `nil` for a row with a label of its own.
    static func group(of row: ApplicationRow) -> String? {
        let label = row.label
        guard let space = label.firstIndex(of: " ") else { return nil }
        return String(label[..<space])
    }

    // MARK: Table 四

    func reviewLitigation(_ table: ReviewLitigationTable) -> TableGrid {
        let fields = ReviewLitigationTable.fieldLabels
        let header: [[GridCell]] = [
            [GridCell(text: "行政复议", span: 5), GridCell(text: "行政诉讼", span: 10)],
            fields.map { GridCell(text: $0, merge: .restart(rows: 2)) }
                + [GridCell(text: "未经复议直接起诉", span: 5), GridCell(text: "复议后起诉", span: 5)],
            Array(repeating: GridCell.covered(), count: 5) + (fields + fields).map { GridCell(text: $0) },
        ]
        let values = (0..<15).map { index -> GridCell in
            guard !blank(.review(index)), let value = table.cells[index] else { return .value("") }
            return .value(style.count(value))
        }
        return TableGrid(kind: .reviewLitigation, columns: 15, header: header, body: [values])
    }
}
