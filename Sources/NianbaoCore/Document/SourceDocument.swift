/// A submitted file reduced to what the recognizer reads: lines of cells.
///
/// Every source produces this shape. A text file gives one line per text line, split into cells by
/// its layout (tabs, pipes, aligned columns); a Word document or web page gives one line per
/// paragraph (one cell) and one line per table row (one cell per table cell, blank cells kept as
/// empty strings, a cell spanning several columns given once).
public struct SourceDocument: Sendable, Hashable {
    /// The lines in reading order.
    public var lines: [SourceLine]
    /// The kind of file the lines came from.
    public var kind: SourceKind
    /// The character encoding the text was in, when the file was text.
    public var encoding: String?
    /// A publication date found in the file's metadata (`PubDate`, `发布日期`), as `yyyy-MM-dd`.
    public var publishedMetadata: String?
    /// Whether every cell is already width-folded (``TextNormalizer``), so the tokenizer need not.
    var cellsAreFolded = false

    public init(lines: [SourceLine], kind: SourceKind, encoding: String? = nil, publishedMetadata: String? = nil) {
        self.lines = lines
        self.kind = kind
        self.encoding = encoding
        self.publishedMetadata = publishedMetadata
    }
}

/// One line of a document: a paragraph (one cell) or a table row (several cells).
public struct SourceLine: Sendable, Hashable {
    /// The cells, blank ones as empty strings.
    public var cells: [String]
    /// Whether the line is a row of a real table (Word, HTML), as opposed to a line of text.
    public var isTableRow: Bool

    public init(cells: [String], isTableRow: Bool = false) {
        self.cells = cells
        self.isTableRow = isTableRow
    }

    /// A paragraph of text.
    public static func paragraph(_ text: String) -> SourceLine { SourceLine(cells: [text]) }
}

/// Why a file could not be turned into a ``SourceDocument``: a clerk-facing reason.
public struct ReadFailure: Error, Sendable, Hashable {
    /// `UNREADABLE`, `UNSUPPORTED_TYPE` or `TOO_LARGE`.
    public var code: FindingCode
    /// What went wrong and what to do, in Chinese.
    public var zh: String
    /// The same in English.
    public var en: String

    public init(code: FindingCode, zh: String, en: String) {
        self.code = code
        self.zh = zh
        self.en = en
    }
}

/// A reader for one kind of file (Word, HTML, PDF) that produces a ``SourceDocument``.
///
/// Text files are read by the core library itself; other kinds plug in through this protocol
/// (see `NianbaoReaders`).
public protocol DocumentReader: Sendable {
    /// The kind of file this reader reads.
    var kind: SourceKind { get }
    /// Reads `bytes` (already identified as ``kind`` by content sniffing).
    /// - Throws: ``ReadFailure`` with a reason a clerk can act on.
    func read(_ bytes: [UInt8], name: String) throws(ReadFailure) -> SourceDocument
}
