/// Layout 7b: PDF text as `pdftotext -layout` prints it: every table row placed on a character grid
/// (CJK characters two columns wide), numbers right-aligned under their headings, long labels
/// wrapped inside their column, merged group labels written down their column two characters per
/// line, blank cells left as spaces, pages ending in a footer and a form feed.
struct PDFAlignedRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    private enum Align { case left, right, center }
    private struct Segment {
        var x: Int
        var width: Int
        var text: String
        var align: Align
    }

    mutating func render(_ document: ReportDocument) -> [String] {
        var prose = PDFProse(rng: rng)
        prose.formFeeds = true
        var lines: [String] = []
        for part in document.parts {
            switch part {
            case .title(let text): prose.appendLine(String(repeating: " ", count: rng.int(6...16)) + text, to: &lines)
            case .heading(_, let text), .signature(let text), .date(let text): prose.appendLine(text, to: &lines)
            case .paragraph(let text):
                // Paragraphs are indented by two full-width spaces' worth on their first line.
                var first = true
                for piece in LayoutText.wrap(text, width: prose.lineWidth) {
                    prose.appendLine((first ? "    " : "") + piece, to: &lines)
                    first = false
                }
            case .table(let grid):
                table(grid, prose: &prose, lines: &lines)
            }
        }
        return lines
    }

    private func widths(_ grid: TableGrid) -> [Int] {
        switch grid.kind {
        case .applications: [10, 14, 38] + Array(repeating: 14, count: grid.columns - 3)
        case .proactive: [22, 18, 18, 18]
        case .reviewLitigation: Array(repeating: 10, count: 15)
        }
    }

    private mutating func table(_ grid: TableGrid, prose: inout PDFProse, lines: inout [String]) {
        let widths = widths(grid)
        var offsets = [0]
        for width in widths { offsets.append(offsets.last! + width) }
        let rows = grid.allRows
        // Vertical labels of merged body cells: chunks placed on the first line of each spanned row.
        var chunks: [Int: [Segment]] = [:]
        var rendered: [[String]] = []
        for (rowIndex, row) in rows.enumerated() {
            let isHeader = rowIndex < grid.header.count
            var cellLines: [[Segment]] = []
            var valueSegments: [Segment] = []
            var column = 0
            for cell in row {
                let x = offsets[column]
                let width = offsets[min(column + cell.span, widths.count)] - x
                column += cell.span
                if cell.merge == .continue || (cell.text.isEmpty && !cell.isValue) { continue }
                if cell.isValue {
                    valueSegments.append(Segment(x: x, width: width, text: cell.text, align: .right))
                    continue
                }
                if case .restart(let span) = cell.merge, span > 1, !isHeader {
                    let size = max(2, (cell.text.count + span - 1) / span)
                    for (offset, chunk) in LayoutText.wrap(cell.text, width: size).enumerated() {
                        chunks[rowIndex + min(offset, span - 1), default: []].append(
                            Segment(x: x, width: width, text: chunk, align: .left))
                    }
                    continue
                }
                let pieces = LayoutText.wrap(cell.text, width: max(2, width / 2 - 1))
                cellLines.append(
                    pieces.map { Segment(x: x, width: width, text: $0, align: isHeader ? .center : .left) })
            }
            let height = max(1, cellLines.map(\.count).max() ?? 1)
            let valueLine = height > 1 && rng.chance(0.5) ? (height - 1) / 2 : 0
            var segmentsByLine = Array(repeating: [Segment](), count: height)
            for pieces in cellLines {
                for (index, segment) in pieces.enumerated() { segmentsByLine[index].append(segment) }
            }
            segmentsByLine[valueLine] += valueSegments
            segmentsByLine[0] += chunks[rowIndex] ?? []
            rendered.append(segmentsByLine.map(compose))
        }
        let headerLines = rendered.prefix(grid.header.count).flatMap { $0 }
        let breakAt =
            noise.pageBreaks && grid.kind == .applications
            ? LayoutText.breakIndex(count: grid.body.count, rng: &rng) : nil
        prose.appendLine("", to: &lines)
        for line in headerLines { prose.appendLine(line, to: &lines) }
        for (index, rowLines) in rendered.dropFirst(grid.header.count).enumerated() {
            if index == breakAt {
                prose.pageBreak(&lines)
                if rng.chance(0.5) { for line in headerLines { prose.appendLine(line, to: &lines) } }
            }
            for line in rowLines { prose.appendLine(line, to: &lines) }
        }
        prose.appendLine("", to: &lines)
    }

    private func compose(_ segments: [Segment]) -> String {
        var line = ""
        var cursor = 0
        for segment in segments.sorted(by: { $0.x < $1.x }) {
            let width = LayoutText.displayWidth(segment.text)
            var position: Int
            switch segment.align {
            case .left: position = segment.x
            case .right: position = segment.x + segment.width - width - 1
            case .center: position = segment.x + max(0, (segment.width - width) / 2)
            }
            if cursor > 0 && position < cursor + 1 { position = cursor + 1 }
            if position > cursor { line += String(repeating: " ", count: position - cursor) }
            line += segment.text
            cursor = max(cursor, position) + width
        }
        return line
    }
}
