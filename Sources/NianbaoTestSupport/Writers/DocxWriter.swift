import Foundation
import ZIPFoundation

/// Renders a ``DocBlock`` document as a minimal but real Word `.docx` (WordprocessingML) package.
///
/// The package holds `[Content_Types].xml`, `_rels/.rels` and `word/document.xml`. Paragraphs become
/// `w:p` (tabs as `w:tab`, line breaks as `w:br`); tables become `w:tbl` with a `w:tblGrid`, cells
/// spanning columns as `w:gridSpan` and vertical merges as `w:vMerge` `restart`/continue. A cell's
/// lines are separate `w:p` inside its `w:tc`. With ``runLength`` text is cut into several `w:r`
/// runs (as Word does after edits), splitting numbers in the middle, with proofing marks between.
public struct DocxWriter: Sendable {
    /// The longest text of one `w:r` run; 0 writes each paragraph as one run.
    public var runLength: Int

    /// - Parameter runLength: the longest run; 0 for one run per paragraph.
    public init(runLength: Int = 0) {
        self.runLength = runLength
    }

    /// The `.docx` file's bytes.
    public func render(_ blocks: [DocBlock]) -> [UInt8] {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.relationships),
            ("word/document.xml", documentXML(blocks)),
        ]
        return Self.zip(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// The text of `word/document.xml` for `blocks`.
    public func documentXML(_ blocks: [DocBlock]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            """
        for block in blocks {
            switch block {
            case .paragraph(let text): xml += paragraph(text)
            case .table(let rows): xml += table(rows)
            }
        }
        xml += #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        return xml
    }

    private func paragraph(_ text: String) -> String {
        var xml = #"<w:p><w:pPr><w:jc w:val="both"/></w:pPr>"#
        var index = 0
        for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if lineNumber > 0 { xml += "<w:r><w:br/></w:r>" }
            for (fieldNumber, field) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if fieldNumber > 0 { xml += "<w:r><w:tab/></w:r>" }
                for piece in MarkupEscaping.pieces(String(field), length: runLength) where !piece.isEmpty {
                    if index % 3 == 2 { xml += #"<w:proofErr w:type="gramStart"/>"# }
                    let bold = index % 2 == 1 ? "<w:b/>" : ""
                    xml +=
                        #"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>\#(bold)</w:rPr>"#
                        + #"<w:t xml:space="preserve">\#(MarkupEscaping.escape(piece))</w:t></w:r>"#
                    index += 1
                }
            }
        }
        return xml + "</w:p>"
    }

    private func table(_ rows: [[DocCell]]) -> String {
        let columns = rows.map { $0.reduce(0) { $0 + max(1, $1.columnSpan) } }.max() ?? 0
        var xml =
            #"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>"#
        xml += String(repeating: #"<w:gridCol w:w="900"/>"#, count: columns) + "</w:tblGrid>"
        for row in rows {
            xml += "<w:tr>"
            for cell in row {
                let span = max(1, cell.columnSpan)
                xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(900 * span)" w:type="dxa"/>"#
                if span > 1 { xml += #"<w:gridSpan w:val="\#(span)"/>"# }
                switch cell.verticalMerge {
                case .none: break
                case .restart: xml += #"<w:vMerge w:val="restart"/>"#
                case .continue: xml += "<w:vMerge/>"
                }
                xml += #"<w:vAlign w:val="center"/></w:tcPr>"#
                if case .continue = cell.verticalMerge {
                    xml += "<w:p/>"
                } else {
                    let lines = cell.text.split(separator: "\n", omittingEmptySubsequences: false)
                    for line in lines { xml += paragraph(String(line)) }
                }
                xml += "</w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """

    private static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    /// A deflated ZIP of `entries` (path, contents), built in memory.
    public static func zip(_ entries: [(String, Data)]) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, contents) in entries {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(contents.count),
                    modificationDate: Date(timeIntervalSince1970: 1_641_000_000), compressionMethod: .deflate
                ) { position, size in
                    contents.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            return [UInt8](archive.data ?? Data())
        } catch {
            preconditionFailure("building an in-memory ZIP cannot fail: \(error)")
        }
    }
}
