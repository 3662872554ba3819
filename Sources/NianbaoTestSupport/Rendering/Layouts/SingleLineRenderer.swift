/// Layout 6: the whole report on one long line, every heading, paragraph and cell separated by a
/// single space; blank cells show a blank mark (`/`, `-`, `—`) since an empty one would vanish.
struct SingleLineRenderer: LayoutRenderer {
    let noise: NoiseOptions

    mutating func render(_ document: ReportDocument) -> [String] {
        var tokens: [String] = []
        for part in document.parts {
            switch part {
            case .title(let text), .heading(_, let text), .paragraph(let text), .signature(let text), .date(let text):
                tokens.append(text)
            case .table(let grid):
                for row in grid.allRows { tokens += LayoutText.printed(row, blankMark: noise.blankMark) }
            }
        }
        return [tokens.joined(separator: " ")]
    }
}
