import NianbaoCore

/// Reads Word `.docx` files: the paragraphs and tables of `word/document.xml`.
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
        guard let xml = try zip.read("word/document.xml") else {
            throw ReaderFailures.missingDocumentXML(hint: Self.guessKind(zip.paths))
        }
        if Self.declaresDoctype(xml) { throw ReaderFailures.xmlBomb }
        guard let tree = XMLTree.xml(xml), let root = tree.root else { throw ReaderFailures.malformedXML }
        if tree.hasDoctype { throw ReaderFailures.xmlBomb }
        var walker = WordDocumentWalker()
        walker.walk(document: root)
        return SourceDocument(lines: walker.builder.lines, kind: .docx, encoding: nil, publishedMetadata: nil)
    }

    /// Whether the XML declares a DOCTYPE or entities, looked for before parsing so that an
    /// entity-expansion bomb is refused without any work.
    static func declaresDoctype(_ xml: [UInt8]) -> Bool {
        // The UTF-16LE spellings also match UTF-16BE text one byte further on.
        markers.contains { contains(xml, $0) }
    }

    private static let markers: [[UInt8]] = ["<!DOCTYPE", "<!ENTITY"].flatMap { marker -> [[UInt8]] in
        [Array(marker.utf8), Array(marker.utf8).flatMap { [$0, 0] }]
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = 0
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { buffer in
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
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
