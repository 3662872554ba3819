/// Layout 4: text recognised from a scanned PDF (seed 001), on top of layout 1's tab rows.
///
/// What OCR does to a table, with the truth still known:
/// - ordinals in labels garbled the way seed 001 shows them (`（一）` as `(-)`, `（二）` as `(=)`,
///   `一、` as `_,`);
/// - markup left over from the recognition software in header cells (`<del> </del>`, `<i> </i>`);
/// - a few value cells unreadable (`U`, `O`, `I`, `l`, `*`): their truth stays what it was, so the
///   checker must leave them missing, never read a number.
///
/// Not generated: a number printed twice. Where the row also has a blank cell at an end, the text
/// cannot tell a doubled number from a blank (`58 9 9 0 1 1 0 ␣` is 58 9 9 0 1 1 0 with a blank
/// padding field, or 58 9 0 1 1 0 with a blank total), and the checker takes the first reading.
///
/// ``garbledCells`` counts the unreadable value cells written.
struct OCRRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions
    /// The value cells printed unreadable so far.
    private(set) var garbledCells = 0

    /// The chance that a value cell with a number is printed unreadable.
    static let garbleRate = 0.03
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
        return grid
    }
}
