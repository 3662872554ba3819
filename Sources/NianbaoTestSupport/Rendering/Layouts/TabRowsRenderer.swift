/// Layout 1: one table row per line, cells split by tabs, as copied out of Word (seed 000).
///
/// Spanning cells are (usually) followed by empty fields, covered cells are empty fields, a page break inside
/// table 三 repeats its header rows, and some pages end every row with an extra empty field.
struct TabRowsRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    mutating func render(_ document: ReportDocument) -> [String] {
        var lines: [String] = []
        let spaced = rng.chance(0.5)
        for part in document.parts {
            switch part {
            case .title(let text), .signature(let text), .date(let text):
                lines.append(text)
                if spaced { lines.append("") }
            case .heading(_, let text):
                lines.append(text)
                if spaced { lines.append("") }
            case .paragraph(let text):
                lines.append(text)
                if spaced { lines.append("") }
            case .table(let grid):
                lines.append("")
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
        var trailing = rng.chance(0.3)
        // Word copies a spanning cell either as one field or as one field per covered column.
        let pad = rng.chance(0.7)
        var lines = grid.header.map { row(LayoutText.fields($0, pad: pad), trailing: trailing) }
        for (index, cells) in grid.body.enumerated() {
            if index == breakAt {
                trailing = rng.chance(0.4)
                lines.append("")
                lines += grid.header.map { row(LayoutText.fields($0, pad: pad), trailing: trailing) }
            }
            lines.append(row(LayoutText.fields(cells, pad: pad), trailing: trailing))
        }
        return lines
    }

    private func row(_ fields: [String], trailing: Bool) -> String {
        fields.joined(separator: "\t") + (trailing ? "\t" : "")
    }
}
