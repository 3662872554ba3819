import NianbaoCore

/// Reads Word `.docx` files: the paragraphs and tables of `word/document.xml` (or the main part
/// `_rels/.rels` names).
///
/// The ZIP is unpacked in memory within ``ReaderLimits`` (entry size, total size, compression
/// ratio, entry count). `word/document.xml` is refused when it declares a DOCTYPE or entities
/// (Word never writes one; it is how XML bombs and external entities arrive), and is otherwise
/// parsed by libxml2 without network access, entity substitution or DTD loading.
public struct DocxReader: DocumentReader {
    public var kind: SourceKind { .docx }
    /// The bounds applied while unpacking.
    public var limits: ReaderLimits

    /// - Parameter limits: bounds for unpacking; the defaults suit annual reports.
    public init(limits: ReaderLimits = ReaderLimits()) {
        self.limits = limits
    }

    /// Reads a `.docx` file's bytes into lines: one per paragraph, one per table row.
    /// - Throws: ``ReadFailure`` for a damaged ZIP, a ZIP that is not a Word document, a
    ///   compression or XML bomb, or XML that is not well-formed.
    public func read(_ bytes: [UInt8], name: String) throws(ReadFailure) -> SourceDocument {
        let zip = try SafeZip(bytes, limits: limits)
        var xml = try zip.read("word/document.xml")
        if xml == nil { xml = try zip.read(Self.mainPartPath(zip)) }
        guard let xml else {
            throw ReaderFailures.missingDocumentXML(hint: Self.guessKind(zip.paths))
        }
        if Self.declaresDoctype(xml) { throw ReaderFailures.xmlBomb }
        guard let tree = XMLTree.xml(xml), let root = tree.root else { throw ReaderFailures.malformedXML }
        if tree.hasDoctype { throw ReaderFailures.xmlBomb }
        var walker = WordDocumentWalker()
        walker.walk(document: root)
        return SourceDocument(lines: walker.builder.lines, kind: .docx, encoding: nil, publishedMetadata: nil)
    }

    /// Whether the XML declares a DOCTYPE (and with it any entities), looked for before parsing so
    /// that an entity-expansion bomb is refused without any work.
    ///
    /// A DOCTYPE can only stand in the prolog, before the root element, so only the prolog is read:
    /// any markup declaration there other than a comment counts. Zero bytes are skipped, which
    /// covers UTF-16 in either byte order.
    static func declaresDoctype(_ xml: [UInt8]) -> Bool {
        var index = 0
        func nextByte() -> UInt8? {
            while index < xml.count {
                let byte = xml[index]
                index += 1
                if byte != 0 { return byte }
            }
            return nil
        }
        while let byte = nextByte() {
            guard byte == UInt8(ascii: "<") else { continue }
            switch nextByte() {
            case UInt8(ascii: "?"):
                // Processing instruction (the XML declaration): skip to its end.
                var previous: UInt8 = 0
                while let inner = nextByte(), !(previous == UInt8(ascii: "?") && inner == UInt8(ascii: ">")) {
                    previous = inner
                }
            case UInt8(ascii: "!"):
                guard nextByte() == UInt8(ascii: "-"), nextByte() == UInt8(ascii: "-") else { return true }
                var dashes = 0
                while let inner = nextByte() {
                    if inner == UInt8(ascii: ">") && dashes >= 2 { break }
                    dashes = inner == UInt8(ascii: "-") ? dashes + 1 : 0
                }
            default:
                return false  // the root element: the prolog is over
            }
        }
        return false
    }

    /// The main document part named by `_rels/.rels` (for packages that do not call it
    /// `word/document.xml`), or `word/document.xml`.
    static func mainPartPath(_ zip: SafeZip) throws(ReadFailure) -> String {
        let fallback = "word/document.xml"
        guard let rels = try zip.read("_rels/.rels"), !declaresDoctype(rels), let tree = XMLTree.xml(rels),
            let root = tree.root
        else { return fallback }
        for relationship in root.children where relationship.isElement && relationship.named("Relationship") {
            guard let type = relationship.attribute("Type"), type.hasSuffix("/officeDocument"),
                var target = relationship.attribute("Target")
            else { continue }
            while target.hasPrefix("/") { target.removeFirst() }
            return target
        }
        return fallback
    }

    /// What a ZIP without `word/document.xml` probably is, for the clerk.
    private static func guessKind(_ paths: [String]) -> String? {
        if paths.contains(where: { $0.hasPrefix("xl/") }) { return "Excel .xlsx表格" }
        if paths.contains(where: { $0.hasPrefix("ppt/") }) { return "PowerPoint .pptx演示文稿" }
        if paths.contains("content.xml") { return "OpenDocument .odt/.ods文档" }
        if paths.contains(where: { $0.lowercased().hasPrefix("word/") }) { return "缺少正文的Word文档" }
        return nil
    }
}
