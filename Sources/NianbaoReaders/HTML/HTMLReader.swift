import NianbaoCore

/// Reads web pages (`.html`, `.htm`): the report's article, its paragraphs and tables.
///
/// The page is decoded by its charset (see ``HTMLCharset``) and parsed by libxml2's HTML parser
/// without network access. A page without any table still gives a document (the report checks
/// then say the tables are missing). libxml2 stops the tree at 256 levels of nesting, which keeps
/// the walks over it safe, and the cells that `rowspan`s produce are bounded by
/// ``ReaderLimits/maxTableCells``. The publication date comes from the page's metadata
/// (`<meta name="PubDate">`, `发布日期`, …) or, failing that, a `发布日期：` label in its text.
public struct HTMLReader: DocumentReader {
    public var kind: SourceKind { .html }
    /// The bounds applied while reading (``ReaderLimits/maxTableCells``).
    public var limits: ReaderLimits

    /// - Parameter limits: bounds for reading; the defaults suit annual reports.
    public init(limits: ReaderLimits = ReaderLimits()) {
        self.limits = limits
    }

    /// Reads a web page's bytes into lines: one per paragraph, one per table row.
    /// - Throws: ``ReadFailure`` when the page is in no supported charset or cannot be parsed.
    public func read(_ bytes: [UInt8], name: String) throws(ReadFailure) -> SourceDocument {
        guard let decoded = HTMLCharset.decode(bytes) else { throw ReaderFailures.unreadableHTML }
        guard let tree = XMLTree.html(utf8: decoded.utf8), let root = tree.root else {
            if decoded.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return SourceDocument(lines: [], kind: .html, encoding: decoded.charset)
            }
            throw ReaderFailures.unreadableHTML
        }
        var walker = HTMLPageWalker(maxCells: limits.maxTableCells)
        walker.walk(root: root)
        if walker.exceededCells { throw ReaderFailures.tooManyCells(limit: limits.maxTableCells) }
        return SourceDocument(
            lines: walker.builder.lines, kind: .html, encoding: decoded.charset,
            publishedMetadata: Self.publicationDate(root: root))
    }

    /// The date of the first publication `meta` tag, else of a `发布日期` label in the page text.
    static func publicationDate(root: XMLNode) -> String? {
        if let head = root.children.first(where: { $0.isElement && $0.named("head") }) {
            for meta in head.children where meta.isElement && meta.named("meta") {
                guard let key = (meta.attribute("name") ?? meta.attribute("property"))?.lowercased(),
                    PublicationDate.metaNames.contains(key), let content = meta.attribute("content")
                else { continue }
                if let date = PublicationDate.parse(content) { return date }
            }
        }
        if let body = root.children.first(where: { $0.isElement && $0.named("body") }) {
            return PublicationDate.fromText(HTMLPageWalker.cellText(body))
        }
        return nil
    }
}
