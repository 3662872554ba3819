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
    /// The cells: a paragraph, most of a report's lines, holds its one cell without an array of
    /// its own (an array made and freed for each line: about 1 % of a check's instructions), and a
    /// row holds the array it was made with, not a copy.
    private enum Cells: Sendable, Hashable {
        case none
        case one(String)
        case many([String])
    }
    private var storage: Cells

    /// The cells, blank ones as empty strings.
    public var cells: [String] {
        get {
            switch storage {
            case .none: []
            case .one(let cell): [cell]
            case .many(let cells): cells
            }
        }
        set { self = SourceLine(cells: newValue, isTableRow: isTableRow) }
    }
    /// Whether the line is a row of a real table (Word, HTML), as opposed to a line of text.
    public var isTableRow: Bool

    public init(cells: [String], isTableRow: Bool = false) {
        switch cells.count {
        case 0: storage = .none
        case 1: storage = .one(cells[0])
        default: storage = .many(cells)
        }
        self.isTableRow = isTableRow
    }

    /// A line of one cell.
    public init(cell: String, isTableRow: Bool = false) {
        storage = .one(cell)
        self.isTableRow = isTableRow
    }

    /// A paragraph of text.
    public static func paragraph(_ text: String) -> SourceLine { SourceLine(cell: text) }

    /// The number of cells.
    public var cellCount: Int {
        switch storage {
        case .none: 0
        case .one: 1
        case .many(let cells): cells.count
        }
    }

    /// The only cell of a line of one cell, without making an array; `nil` for other lines.
    var onlyCell: String? {
        if case .one(let cell) = storage { return cell }
        return nil
    }

    /// Calls `body` with each cell's index and text, in order, without making an array.
    @inline(__always)
    func forEachCell(_ body: (_ column: Int, _ cell: String) -> Void) {
        switch storage {
        case .none: break
        case .one(let cell): body(0, cell)
        case .many(let cells): for (column, cell) in cells.enumerated() { body(column, cell) }
        }
    }
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
