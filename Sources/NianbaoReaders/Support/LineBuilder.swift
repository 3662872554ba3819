import NianbaoCore

/// Collects the lines of a document as readers find paragraphs and table rows.
///
/// Whitespace is normalised the same way for every format: a paragraph is trimmed and dropped when
/// empty; a cell keeps its inner line breaks, each of its lines trimmed and empty lines dropped.
struct LineBuilder {
    private(set) var lines: [SourceLine] = []

    /// Adds a paragraph unless it is blank.
    mutating func paragraph(_ text: String) {
        let trimmed = Self.trim(text)
        if !trimmed.isEmpty { lines.append(SourceLine(cell: trimmed)) }
    }

    /// Adds a table row; cells are normalised with ``cell(_:)``.
    mutating func row(_ cells: [String]) {
        guard !cells.isEmpty else { return }
        lines.append(SourceLine(cells: cells.map(Self.cell), isTableRow: true))
    }

    /// A cell's text: each line trimmed, blank lines dropped, joined with `\n`.
    static func cell(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return trim(text) }
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { trim(Substring($0)) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// `text` without leading and trailing white space (including U+3000 and no-break spaces).
    static func trim<S: StringProtocol>(_ text: S) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }
}
