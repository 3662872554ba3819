/// Layout 3: Markdown pipe tables (seed 004), sometimes broken in two with an empty header row,
/// headings sometimes marked with `#`.
struct MarkdownRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    mutating func render(_ document: ReportDocument) -> [String] {
        var lines: [String] = []
        for part in document.parts {
            switch part {
            case .title(let text): lines += [noise.headingMarks ? "# " + text : text, ""]
            case .heading(_, let text): lines += [noise.headingMarks ? "## " + text : text, ""]
            case .paragraph(let text), .signature(let text), .date(let text): lines += [text, ""]
            case .table(let grid):
                lines += table(grid)
                lines.append("")
            }
        }
        return lines
    }

    private mutating func table(_ grid: TableGrid) -> [String] {
        let breakAt =
            noise.pageBreaks && grid.kind == .applications
            ? LayoutText.breakIndex(count: grid.body.count, rng: &rng) : nil
        let separator = "|" + Array(repeating: "---|", count: grid.columns).joined()
        var lines: [String] = []
        // Converters either pad spanning cells or write them once and fill the row up at the end
        // (seed 004), which shifts the numbers of rows with fewer label cells.
        let pad = rng.chance(0.7)
        for (index, row) in grid.allRows.enumerated() {
            if let breakAt, index == grid.header.count + breakAt {
                lines.append("")
                lines.append("|" + Array(repeating: " |", count: grid.columns).joined())
                lines.append(separator)
            }
            var fields = LayoutText.fields(row, pad: pad)
            fields += Array(repeating: "", count: max(0, grid.columns - fields.count))
            lines.append("| " + fields.joined(separator: " | ") + " |")
            if index == 0 { lines.append(separator) }
        }
        return lines
    }
}
