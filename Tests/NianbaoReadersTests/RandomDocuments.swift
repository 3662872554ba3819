import NianbaoCore
import NianbaoTestSupport

/// Random documents of paragraphs and tables with merged, blank and multi-line cells.
enum RandomDocuments {
    static let labels = [
        "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开",
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "自然人", "商业企业", "科研机构", "社会公益组织",
        "法律服务机构", "其他", "总计", "维持", "纠正", "其他结果", "尚未审结", "信息内容", "规章",
        "行政规范性文件", "行政许可", "行政处罚", "行政强制", "A&B <含符号>", "收费金额（单位：万元）",
        "未结转", "（三）不予公开", "三、本年度办理结果", "１２３全角", "\"引号\"",
    ]

    static let sentences = [
        "根据《中华人民共和国政府信息公开条例》规定，现公布本机关2021年度政府信息公开工作年度报告。",
        "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。",
        "一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
        "全年共收到政府信息公开申请13件，办结12件，结转下年度1件。", "本机关未收取信息处理费。",
        "如对本报告有任何疑问，请联系：电话 0571-85252000 & 传真 <无>。",
    ]

    /// A random cell text: a number, a label, blank, or two lines.
    static func cellText(using random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return ""
        case 2, 3, 4, 5:
            return String(Int.random(in: 0...(Bool.random(using: &random) ? 99 : 9_999_999), using: &random))
        case 6: return labels.randomElement(using: &random)! + "\n" + String(Int.random(in: 0...999, using: &random))
        case 7:
            return String(Int.random(in: 0...99, using: &random)) + "."
                + String(Int.random(in: 10...99, using: &random))
        default: return labels.randomElement(using: &random)!
        }
    }

    /// A random table `rows` × `columns` with random column and row spans.
    static func table(rows: Int, columns: Int, using random: inout SeededGenerator) -> [[DocCell]] {
        // Blocks of the grid: top-left corner → (width, height, text).
        var owner = [[Int?]](repeating: [Int?](repeating: nil, count: columns), count: rows)
        var blocks: [(row: Int, column: Int, width: Int, height: Int, text: String)] = []
        for row in 0..<rows {
            for column in 0..<columns where owner[row][column] == nil {
                var width = 1
                var height = 1
                if Int.random(in: 0..<4, using: &random) == 0 {
                    let maxWidth = (column..<columns).prefix { owner[row][$0] == nil }.count
                    width = Int.random(in: 1...min(3, maxWidth), using: &random)
                    height = Int.random(in: 1...min(4, rows - row), using: &random)
                    // Shrink until the area is free.
                    while height > 1,
                        (row..<row + height).contains(where: { r in
                            (column..<column + width).contains { owner[r][$0] != nil }
                        })
                    {
                        height -= 1
                    }
                }
                let index = blocks.count
                for r in row..<row + height {
                    for c in column..<column + width { owner[r][c] = index }
                }
                blocks.append((row, column, width, height, cellText(using: &random)))
            }
        }
        var table: [[DocCell]] = []
        for row in 0..<rows {
            var cells: [DocCell] = []
            for column in 0..<columns {
                guard let index = owner[row][column] else { continue }
                let block = blocks[index]
                guard block.column == column else { continue }
                if block.row == row {
                    cells.append(
                        DocCell(
                            block.text, columnSpan: block.width,
                            verticalMerge: block.height > 1 ? .restart(rows: block.height) : .none))
                } else {
                    cells.append(DocCell("", columnSpan: block.width, verticalMerge: .continue))
                }
            }
            table.append(cells)
        }
        return table
    }

    /// A random document: paragraphs, some with line breaks, and one to four tables, sometimes adjacent.
    static func document(using random: inout SeededGenerator) -> [DocBlock] {
        var blocks: [DocBlock] = [.paragraph("某某市某某局2021年政府信息公开工作年度报告")]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                var text = sentences.randomElement(using: &random)!
                if Int.random(in: 0..<5, using: &random) == 0 {
                    text += "\n" + sentences.randomElement(using: &random)!
                }
                blocks.append(.paragraph(text))
            }
            let rows = Int.random(in: 1...12, using: &random)
            let columns = Int.random(in: 1...10, using: &random)
            blocks.append(.table(table(rows: rows, columns: columns, using: &random)))
        }
        return blocks
    }

    /// The lines a Word document of `blocks` reads back as.
    static func expectedDocxLines(_ blocks: [DocBlock]) -> [SourceLine] {
        blocks.flatMap { block -> [SourceLine] in
            switch block {
            case .paragraph(let text): return text.isEmpty ? [] : [SourceLine(cells: [text])]
            case .table(let rows): return tableLines(rows)
            }
        }
    }

    /// The lines a web page of `blocks` reads back as: a paragraph's line breaks end paragraphs.
    static func expectedHTMLLines(_ blocks: [DocBlock]) -> [SourceLine] {
        blocks.flatMap { block -> [SourceLine] in
            switch block {
            case .paragraph(let text):
                return text.split(separator: "\n").map { SourceLine(cells: [String($0)]) }
            case .table(let rows):
                // A table without a row of two written cells is page layout on the web: its text is read
                // as paragraphs.
                let written = rows.map { $0.filter { $0.verticalMerge != .continue } }
                if !written.contains(where: { $0.count >= 2 }) {
                    return written.joined().flatMap { $0.text.split(separator: "\n") }.map {
                        SourceLine(cells: [String($0)])
                    }
                }
                return tableLines(rows)
            }
        }
    }

    private static func tableLines(_ rows: [[DocCell]]) -> [SourceLine] {
        rows.map { row in
            SourceLine(
                cells: row.map { cell in
                    if case .continue = cell.verticalMerge { return "" }
                    return cell.text
                }, isTableRow: true)
        }
    }
}
