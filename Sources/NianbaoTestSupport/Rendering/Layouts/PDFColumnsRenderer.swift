/// Layout 7c: PDF text extracted column by column. For each page of a table, the heading texts come
/// first, then every row label, then each column's numbers as one block (one number per line, blank
/// cells as a blank mark). Table 二 goes block by block (第二十条第（一）项 …), each block column by
/// column with its column heading on top.
struct PDFColumnsRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    mutating func render(_ document: ReportDocument) -> [String] {
        var prose = PDFProse(rng: rng)
        var lines: [String] = []
        for part in document.parts {
            switch part {
            case .title(let text): lines.append(text)
            case .heading(_, let text), .signature(let text), .date(let text): prose.appendLine(text, to: &lines)
            case .paragraph(let text): prose.append(text, to: &lines)
            case .table(let grid):
                switch grid.kind {
                case .proactive: lines += proactive(grid)
                case .applications, .reviewLitigation: lines += byColumns(grid, prose: &prose)
                }
            }
        }
        return lines
    }

    /// Header texts, then labels, then each value column — per page when the table is split.
    private mutating func byColumns(_ grid: TableGrid, prose: inout PDFProse) -> [String] {
        let headerTexts = grid.header.flatMap { LayoutText.printed($0, blankMark: nil) }
        var pages: [ArraySlice<[GridCell]>] = [grid.body[...]]
        if noise.pageBreaks, grid.kind == .applications,
            let split = LayoutText.breakIndex(count: grid.body.count, rng: &rng)
        {
            pages = [grid.body[..<split], grid.body[split...]]
        }
        var lines: [String] = []
        for (pageIndex, page) in pages.enumerated() {
            if pageIndex > 0 { prose.pageBreak(&lines) }
            if pageIndex == 0 || rng.chance(0.5) { lines += headerTexts }
            for row in page {
                let labels = row.filter { !$0.isValue && $0.merge != .continue && !$0.text.isEmpty }.map(\.text)
                for label in labels { lines += LayoutText.wrap(label, width: rng.int(14...20)) }
            }
            let valueColumns = page.first.map { $0.filter(\.isValue).count } ?? 0
            for column in 0..<valueColumns {
                for row in page {
                    let cell = row.filter(\.isValue)[column]
                    lines.append(cell.isBlank ? noise.blankMark : cell.text)
                }
            }
        }
        return lines
    }

    /// Table 二 block by block: the block heading, the label column, then each column of numbers
    /// under its heading.
    private func proactive(_ grid: TableGrid) -> [String] {
        var lines: [String] = []
        var blocks: [[[GridCell]]] = []
        for row in grid.body {
            if row.count == 1 { blocks.append([row]) } else { blocks[blocks.count - 1].append(row) }
        }
        for block in blocks {
            lines.append(block[0][0].text)
            let rows = block.dropFirst()
            lines += rows.map { $0[0].text }
            let columns = rows.first.map { $0.count } ?? 1
            for column in 1..<max(columns, 2) {
                for row in rows where column < row.count {
                    let cell = row[column]
                    if cell.isBlank {
                        lines.append(noise.blankMark)
                    } else if !cell.text.isEmpty {
                        lines.append(cell.text)
                    }
                }
            }
        }
        return lines
    }
}
