/// Layout 2: every cell on its own line, indented by a tab, a blank line after each row; blank
/// cells are lines holding only the tab (seeds 002, 003). Long column headings of table 二
/// sometimes wrap onto a second line, as Word's copy leaves them.
struct CellPerLineRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    mutating func render(_ document: ReportDocument) -> [String] {
        var lines: [String] = []
        let wrapHeadings = rng.chance(0.4)
        // Long row labels of table 三 sometimes keep the line break they had in the Word cell.
        let wrapLabels = rng.chance(0.3)
        for part in document.parts {
            switch part {
            case .title(let text), .heading(_, let text), .paragraph(let text), .signature(let text), .date(let text):
                lines.append(text)
            case .table(let grid):
                lines.append("")
                for row in grid.allRows {
                    for cell in row {
                        if cell.merge == .continue || cell.isBlank {
                            lines.append("\t")
                        } else if wrapHeadings && grid.kind == .proactive && !cell.isValue && cell.text.count >= 6
                            && cell.text.hasPrefix("本年")
                        {
                            lines.append("\t" + String(cell.text.prefix(3)))
                            lines.append(String(cell.text.dropFirst(3)))
                        } else if wrapLabels && grid.kind == .applications && !cell.isValue && cell.text.count > 18 {
                            lines.append("\t" + String(cell.text.prefix(14)))
                            lines.append(String(cell.text.dropFirst(14)))
                        } else {
                            lines.append("\t" + cell.text)
                        }
                    }
                    lines.append("")
                }
                lines.append("")
            }
        }
        return lines
    }
}
