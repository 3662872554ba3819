/// Turns a ``ReportDocument`` into the lines of one text layout.
protocol LayoutRenderer {
    /// The lines of the rendered text, without line endings.
    mutating func render(_ document: ReportDocument) -> [String]
}

/// Small text utilities shared by the layout renderers.
enum LayoutText {
    /// The fields of a grid row as a word processor copies them: a covered cell is empty, and with
    /// `pad` a spanning cell is followed by empty fields for the columns it covers.
    static func fields(_ row: [GridCell], pad: Bool, blankMark: String? = nil) -> [String] {
        var fields: [String] = []
        for cell in row {
            if cell.merge == .continue {
                fields += Array(repeating: "", count: pad ? cell.span : 1)
                continue
            }
            fields.append(cell.isBlank ? (blankMark ?? "") : cell.text)
            if pad && cell.span > 1 { fields += Array(repeating: "", count: cell.span - 1) }
        }
        return fields
    }

    /// The texts of a row that are printed at all: no covered cells, no empty labels; blank numbers
    /// shown as `blankMark` (or left out when it is `nil`).
    static func printed(_ row: [GridCell], blankMark: String?) -> [String] {
        row.compactMap { cell in
            if cell.merge == .continue { return nil }
            if cell.isBlank { return blankMark }
            return cell.text.isEmpty ? nil : cell.text
        }
    }

    /// `text` cut into pieces of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, text.count > width else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            pieces.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    /// Columns a string takes in a monospaced terminal (CJK and full-width forms take two).
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || value == 0x201C || value == 0x201D || value == 0x2014
            return total + (wide ? 2 : 1)
        }
    }

    /// A page footer as PDF text extraction leaves it.
    static func pageFooter(_ page: Int, total: Int, style: Int) -> String {
        switch style % 3 {
        case 0: "第 \(page) 页 共 \(total) 页"
        case 1: "第\(page)页"
        default: "- \(page) -"
        }
    }

    /// The body row index where a page break falls in a table of `count` body rows.
    static func breakIndex(count: Int, rng: inout SeededGenerator) -> Int? {
        guard count >= 8 else { return nil }
        return rng.int(4...(count - 3))
    }
}
