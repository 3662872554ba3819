/// Layout 4: text recognised from a scanned PDF (seed 001), on top of layout 1's tab rows.
///
/// What OCR does to a table, with the truth still known:
/// - ordinals in labels garbled the way seed 001 shows them (`（一）` as `(-)`, `（二）` as `(=)`,
///   `一、` as `_,`);
/// - markup left over from the recognition software in header cells (`<del> </del>`, `<i> </i>`);
/// - a few value cells unreadable (`U`, `O`, `I`, `l`, `*`): their truth stays what it was, so the
///   checker must leave them missing, never read a number;
/// - rows of table 三 whose label wraps onto a second line with the row's numbers shared between the
///   two lines (seed 001, lines 44–45, 55–58): each number on the first line, on the second, or on
///   both (the same number printed twice, sometimes unreadable in one of the two places).
///
/// Not generated: a number printed twice within one line. Where the row also has a blank cell at an
/// end, the text cannot tell a doubled number from a blank (`58 9 9 0 1 1 0 ␣` is 58 9 9 0 1 1 0
/// with a blank padding field, or 58 9 0 1 1 0 with a blank total), and the checker takes the first
/// reading.
///
/// ``garbledCells`` counts the unreadable value cells written, ``wrappedRows`` the rows wrapped.
struct OCRRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions
    /// The value cells printed unreadable so far.
    private(set) var garbledCells = 0
    /// The rows of table 三 wrapped onto two lines so far.
    private(set) var wrappedRows = 0

    /// The chance that a value cell with a number is printed unreadable.
    static let garbleRate = 0.03
    /// The chance that a row of table 三 with a label of four characters or more wraps.
    static let wrapRate = 0.12
    static let unreadableMarks = ["U", "O", "I", "l", "*"]
    /// Markup the recognition software leaves before a header cell's text.
    static let leftoverMarkup = ["<del> </del>", "<i> </i>"]
    /// Ordinals as seed 001's recognition garbles them.
    static let garbledOrdinals = [("（一）", "(-)"), ("(一)", "(-)"), ("（二）", "(=)"), ("(二)", "(=)"), ("一、", "_,")]

    init(rng: SeededGenerator, noise: NoiseOptions) {
        self.rng = rng
        self.noise = noise
    }

    mutating func render(_ document: ReportDocument) -> [String] {
        var damaged = document
        damaged.parts = document.parts.map { part in
            guard case .table(let grid) = part else { return part }
            return .table(damage(grid))
        }
        var tabRows = TabRowsRenderer(rng: SeededGenerator(seed: rng.next()), noise: noise)
        return tabRows.render(damaged)
    }

    private mutating func damage(_ grid: TableGrid) -> TableGrid {
        var grid = grid
        let garbleOrdinals = rng.chance(0.6)
        for row in grid.header.indices {
            for column in grid.header[row].indices where !grid.header[row][column].text.isEmpty {
                if rng.chance(0.15) {
                    grid.header[row][column].text = rng.pick(Self.leftoverMarkup) + grid.header[row][column].text
                }
            }
        }
        for row in grid.body.indices {
            for column in grid.body[row].indices {
                var cell = grid.body[row][column]
                if cell.isValue {
                    if !cell.text.isEmpty && rng.chance(Self.garbleRate) {
                        cell.text = rng.pick(Self.unreadableMarks)
                        garbledCells += 1
                    }
                } else if garbleOrdinals {
                    for (ordinal, garbled) in Self.garbledOrdinals where cell.text.hasPrefix(ordinal) {
                        cell.text = garbled + cell.text.dropFirst(ordinal.count)
                        break
                    }
                }
                grid.body[row][column] = cell
            }
        }
        if grid.kind == .applications { wrapRows(&grid) }
        return grid
    }

    /// Splits some rows of table 三 into two lines: the label's text broken between them, each
    /// number on one line or on both, the other line's field left empty.
    private mutating func wrapRows(_ grid: inout TableGrid) {
        var body: [[GridCell]] = []
        for cells in grid.body {
            guard let firstValue = cells.firstIndex(where: \.isValue), firstValue > 0,
                case let label = Array(cells[firstValue - 1].text), label.count >= 4, rng.chance(Self.wrapRate)
            else {
                body.append(cells)
                continue
            }
            let cut = rng.int(2...(label.count - 2))
            var first = cells
            var second = cells.enumerated().map { index, cell in
                index < firstValue - 1 ? GridCell.covered(span: cell.span) : cell
            }
            first[firstValue - 1].text = String(label[..<cut])
            second[firstValue - 1].text = String(label[cut...])
            second[firstValue - 1].merge = .none
            for column in firstValue..<cells.count where cells[column].isValue && !cells[column].text.isEmpty {
                let placement = rng.int(0...9)
                if placement < 4 {
                    second[column].text = ""
                } else if placement < 7 {
                    first[column].text = ""
                } else if rng.chance(0.2) && !Self.unreadableMarks.contains(cells[column].text) {
                    // Printed twice, unreadable in one of the two places.
                    if rng.chance(0.5) { first[column].text = rng.pick(Self.unreadableMarks) } else { second[column].text = rng.pick(Self.unreadableMarks) }
                }
            }
            body.append(first)
            body.append(second)
            wrappedRows += 1
        }
        grid.body = body
    }
}
