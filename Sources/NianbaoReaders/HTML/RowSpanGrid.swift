/// Places HTML table cells on a grid so that places covered by a `rowspan` from above keep their
/// position as empty cells, the way Word writes a continued vertical merge.
struct RowSpanGrid {
    /// A cell as written in one row.
    struct Cell {
        var text: String
        var columns: Int
        var rows: Int
    }

    /// A rowspan still covering rows below the one it started in.
    private struct Cover {
        var column: Int
        var width: Int
        var remaining: Int
    }

    private var covers: [Cover] = []

    /// The texts of one row in grid order: each written cell once, each covered place as `""`.
    mutating func place(_ cells: [Cell]) -> [String] {
        var output: [String] = []
        var column = 0
        var pending = covers.sorted { $0.column < $1.column }
        var started: [Cover] = []
        var next = 0
        // Emits the covered places starting at or left of the next free column (all, when `all`).
        func emitCovers(all: Bool) {
            while next < pending.count, all || pending[next].column <= column {
                output.append("")
                column = max(column, pending[next].column + pending[next].width)
                pending[next].remaining -= 1
                next += 1
            }
        }
        for cell in cells {
            emitCovers(all: false)
            if cell.rows > 1 { started.append(Cover(column: column, width: cell.columns, remaining: cell.rows - 1)) }
            output.append(cell.text)
            column += cell.columns
        }
        emitCovers(all: true)
        covers = pending.filter { $0.remaining > 0 } + started
        return output
    }
}
