/// One generated report: its truth, how it was rendered, and the bytes of the file.
public struct GeneratedReport: Sendable {
    /// What the report really says, including injected defects.
    public var truth: ReportTruth
    /// The text layout of ``bytes``.
    public var layout: TextLayout
    /// The noise applied on top of the layout.
    public var noise: NoiseOptions
    /// The file as submitted.
    public var bytes: [UInt8]
    /// The same report as paragraphs and tables, for the `.docx` and `.html` writers.
    public var blocks: [DocBlock]
    /// How many value cells the layout printed unreadable (layout 4, OCR): read as missing, never
    /// as a number nor inferred from the table's sums.
    public var garbledCells = 0
    /// How many rows of table 三 the layout wrapped onto two lines, their numbers shared between
    /// the lines (layout 4, OCR).
    public var wrappedRows = 0

    /// A file name for the report (`gen-<seed>-L7a.txt`), unique per seed and layout.
    public var fileName: String { "gen-\(String(truth.seed, radix: 16))-L\(layout.rawValue).txt" }

    /// A one-line description for failure messages: seed, layout, year, format and defects.
    public var summary: String {
        let defects = truth.defects.isEmpty ? "valid" : truth.defects.map(\.description).joined(separator: "; ")
        return "seed=\(truth.seed) layout=\(layout.rawValue) year=\(truth.year) format=\(truth.format.rawValue) "
            + "bytes=\(bytes.count) [\(noise)]" + (garbledCells > 0 ? " garbled=\(garbledCells)" : "")
            + (wrappedRows > 0 ? " wrapped=\(wrappedRows)" : "") + " \(defects)"
    }
}

/// A generated report as paragraphs and tables (no text layout): the input of the `.docx` and
/// `.html` writers, with the truth to compare their round trip against.
public struct GeneratedDocument: Sendable {
    /// What the report really says, including injected defects.
    public var truth: ReportTruth
    /// Title, headings, paragraphs and the three tables with the template's merges.
    public var blocks: [DocBlock]

    /// A file name stem for the report (`gen-<seed>`); writers add their extension.
    public var fileStem: String { "gen-\(String(truth.seed, radix: 16))" }
}
