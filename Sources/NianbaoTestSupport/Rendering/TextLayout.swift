/// The text layouts of `layouts.md` the generator renders (8 and 9 are the `.html`/`.docx` writers'
/// job from ``DocBlock``s).
public enum TextLayout: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 1: one table row per line, cells split by tabs (seed 000).
    case tabRows = "1"
    /// 2: one cell per line, indented by a tab, a blank line between rows (seeds 002, 003).
    case cellPerLine = "2"
    /// 3: Markdown pipe tables (seed 004).
    case markdown = "3"
    /// 4: OCR of a scanned PDF (seed 001): tab rows with garbled ordinals, leftover markup and a few
    /// unreadable value cells.
    case ocr = "4"
    /// 5: web page text with the cells of a row run together.
    case webRunTogether = "5"
    /// 6: one long line, every cell and heading separated by a single space.
    case singleLine = "6"
    /// 7a: PDF text, one row per line, wrapped and vertical labels interleaved.
    case pdfRows = "7a"
    /// 7b: PDF text with whitespace-aligned columns (`pdftotext -layout`).
    case pdfAligned = "7b"
    /// 7c: PDF text column by column: labels first, then each column's numbers.
    case pdfColumns = "7c"

    public var description: String { "L" + rawValue }

    /// Whether cells are separated by single spaces, so labels must not contain spaces.
    var spaceSeparated: Bool { self == .singleLine || self == .pdfRows || self == .pdfColumns }

    /// Whether a blank cell would vanish without a mark (`/`, `-`, `—`).
    var needsBlankMark: Bool {
        self == .singleLine || self == .pdfRows || self == .pdfColumns || self == .webRunTogether
    }
}
