/// A report as a word processor or web page holds it: paragraphs and tables of cells.
///
/// The generator produces this for each report; the `.docx` and `.html` writers render it.
public enum DocBlock: Sendable, Hashable {
    case paragraph(String)
    case table([[DocCell]])
}

/// One cell of a ``DocBlock/table(_:)``.
public struct DocCell: Sendable, Hashable {
    /// How the cell takes part in a vertical merge (Word `w:vMerge`, HTML `rowspan`).
    public enum VerticalMerge: Sendable, Hashable {
        /// Not merged.
        case none
        /// The first cell of a vertical merge, spanning `rows` rows.
        case restart(rows: Int)
        /// A cell covered by the merge above (no text of its own).
        case `continue`
    }

    /// The cell's text; may be empty (a blank cell).
    public var text: String
    /// How many grid columns the cell spans (Word `w:gridSpan`, HTML `colspan`).
    public var columnSpan: Int
    public var verticalMerge: VerticalMerge

    public init(_ text: String, columnSpan: Int = 1, verticalMerge: VerticalMerge = .none) {
        self.text = text
        self.columnSpan = columnSpan
        self.verticalMerge = verticalMerge
    }
}
