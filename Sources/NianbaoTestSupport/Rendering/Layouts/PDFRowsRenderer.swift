/// Layout 7a: PDF text extraction with one table row per line. Long row labels wrap onto a second
/// line (before or after the numbers), and the merged group labels (`三、本年度办理结果`, `（三）不予公开`)
/// come out vertically, two or three characters per line, interleaved with the rows they span.
struct PDFRowsRenderer: LayoutRenderer {
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
                for line in table(grid, footer: &prose) { lines.append(line) }
            }
        }
        return lines
    }

    private mutating func table(_ grid: TableGrid, footer prose: inout PDFProse) -> [String] {
        var lines: [String] = []
        let header = grid.header.flatMap { headerLines($0) }
        lines += header
        let breakAt =
            noise.pageBreaks && grid.kind == .applications
            ? LayoutText.breakIndex(count: grid.body.count, rng: &rng) : nil
        // Vertical group labels waiting to be printed: chunk lines keyed by the body row they precede.
        var pending: [Int: [String]] = [:]
        for (index, row) in grid.body.enumerated() {
            if index == breakAt {
                prose.pageBreak(&lines)
                if rng.chance(0.5) { lines += header }
            }
            var labels: [String] = []
            var values: [String] = []
            for cell in row where cell.merge != .continue {
                if cell.isValue {
                    values.append(cell.isBlank ? noise.blankMark : cell.text)
                } else if case .restart(let rows) = cell.merge, rows > 1 {
                    for (offset, chunk) in verticalChunks(cell.text, rows: rows).enumerated() {
                        pending[index + min(offset, rows - 1), default: []].append(chunk)
                    }
                } else if !cell.text.isEmpty {
                    labels.append(cell.text)
                }
            }
            let label = labels.joined(separator: " ")
            lines += pending[index] ?? []
            let numbers = values.joined(separator: " ")
            let pieces = LayoutText.wrap(label, width: rng.int(13...17))
            if pieces.count == 1 || label.isEmpty || values.isEmpty {
                lines.append([label, numbers].filter { !$0.isEmpty }.joined(separator: " "))
            } else if rng.chance(0.5) {
                lines.append(pieces[0] + " " + numbers)
                lines += pieces.dropFirst()
            } else {
                lines += pieces.dropLast()
                lines.append(pieces.last! + " " + numbers)
            }
        }
        return lines
    }

    private mutating func headerLines(_ row: [GridCell]) -> [String] {
        var lines: [String] = []
        var short: [String] = []
        for text in LayoutText.printed(row, blankMark: nil) {
            if text.count > 12 { lines += LayoutText.wrap(text, width: rng.int(10...14)) } else { short.append(text) }
        }
        if !short.isEmpty { lines.append(short.joined(separator: " ")) }
        return lines
    }

    /// `三、本年度办理结果` → `三、本`, `年度`, `办理`, `结果`; longer pieces when the label spans few rows.
    private func verticalChunks(_ text: String, rows: Int) -> [String] {
        let size = max(2, (text.count + rows - 1) / rows)
        var chunks: [String] = []
        var rest = Substring(text)
        if let close = rest.firstIndex(where: { $0 == "、" || $0 == "）" || $0 == ")" }) {
            let head = rest[...close]
            let take = min(rest.count, max(head.count + 1, size))
            chunks.append(String(rest.prefix(take)))
            rest = rest.dropFirst(take)
        }
        while !rest.isEmpty {
            chunks.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return chunks
    }
}
