/// Turns the tree of `word/document.xml` into paragraphs and table rows.
///
/// Paragraphs (`w:p`) become one line each: the text of their runs (`w:t`), `w:tab` as a tab,
/// `w:br`/`w:cr` as a line break; deleted text (`w:del`), field codes and drawings are left out.
/// Tables (`w:tbl`) become one line per row (`w:tr`), one cell per `w:tc`: a cell spanning columns
/// (`w:gridSpan`) once, a cell continuing a vertical merge (`w:vMerge` without `restart`) as an
/// empty cell, the paragraphs of a cell joined with line breaks. A table that holds further tables
/// is a layout table: its cells are read as running text and the inner tables as tables.
/// Content controls (`w:sdt`) and custom XML wrappers are looked through.
struct WordDocumentWalker {
    private(set) var builder = LineBuilder()

    private static let transitional: StaticString = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    private static let strict: StaticString = "http://purl.oclc.org/ooxml/wordprocessingml/main"

    private static func isWord(_ node: XMLNode) -> Bool {
        node.isElement && (node.inNamespace(transitional) || node.inNamespace(strict))
    }

    /// Reads the `w:body` under `root` (the `w:document` element).
    mutating func walk(document root: XMLNode) {
        for child in root.children where Self.isWord(child) && child.named("body") {
            blocks(in: child)
        }
    }

    /// Paragraphs and tables directly under `node` (body, cell, content control).
    private mutating func blocks(in node: XMLNode) {
        for child in node.children where Self.isWord(child) {
            if child.named("p") {
                builder.paragraph(Self.paragraphText(child))
            } else if child.named("tbl") {
                table(child)
            } else if child.named("sdt") || child.named("sdtContent") || child.named("customXml") {
                blocks(in: child)
            }
        }
    }

    private mutating func table(_ table: XMLNode) {
        let rows = Self.elements(in: table, named: "tr")
        if Self.containsTable(table) {
            for row in rows {
                for cell in Self.elements(in: row, named: "tc") { blocks(in: cell) }
            }
            return
        }
        for row in rows {
            var cells: [String] = []
            for cell in Self.elements(in: row, named: "tc") {
                switch Self.merge(of: cell) {
                case .horizontalContinue: continue
                case .verticalContinue: cells.append("")
                case .none: cells.append(Self.cellText(cell))
                }
            }
            builder.row(cells)
        }
    }

    private enum Merge { case none, verticalContinue, horizontalContinue }

    private static func merge(of cell: XMLNode) -> Merge {
        for property in cell.children where isWord(property) && property.named("tcPr") {
            for setting in property.children where isWord(setting) {
                if setting.named("vMerge") {
                    let value = setting.attribute("val")
                    if value == nil || value == "continue" { return .verticalContinue }
                } else if setting.named("hMerge") {
                    let value = setting.attribute("val")
                    if value == nil || value == "continue" { return .horizontalContinue }
                }
            }
        }
        return .none
    }

    /// The paragraphs of a cell joined with line breaks (nested content controls looked through).
    private static func cellText(_ cell: XMLNode) -> String {
        var parts: [String] = []
        collectParagraphs(in: cell, into: &parts)
        return parts.joined(separator: "\n")
    }

    private static func collectParagraphs(in node: XMLNode, into parts: inout [String]) {
        for child in node.children where isWord(child) {
            if child.named("p") {
                parts.append(paragraphText(child))
            } else if child.named("sdt") || child.named("sdtContent") || child.named("customXml") {
                collectParagraphs(in: child, into: &parts)
            }
        }
    }

    /// Children named `name`, looking through content controls and custom XML wrappers.
    private static func elements(in node: XMLNode, named name: StaticString) -> [XMLNode] {
        var found: [XMLNode] = []
        for child in node.children where isWord(child) {
            if child.named(name) {
                found.append(child)
            } else if child.named("sdt") || child.named("sdtContent") || child.named("customXml") {
                found += elements(in: child, named: name)
            }
        }
        return found
    }

    private static func containsTable(_ table: XMLNode) -> Bool {
        for row in elements(in: table, named: "tr") {
            for cell in elements(in: row, named: "tc") where !elements(in: cell, named: "tbl").isEmpty {
                return true
            }
        }
        return false
    }

    /// The text of a paragraph's runs, through hyperlinks, insertions, smart tags and fields.
    static func paragraphText(_ paragraph: XMLNode) -> String {
        var text = ""
        appendRuns(of: paragraph, to: &text)
        return text
    }

    private static func appendRuns(of node: XMLNode, to text: inout String) {
        for child in node.children where isWord(child) {
            if child.named("r") {
                appendRunContent(of: child, to: &text)
            } else if child.named("del") || child.named("moveFrom") || child.named("pPr") || child.named("rPr") {
                continue
            } else {
                // w:hyperlink, w:ins, w:moveTo, w:smartTag, w:fldSimple, w:sdt, w:sdtContent, w:customXml…
                appendRuns(of: child, to: &text)
            }
        }
    }

    private static func appendRunContent(of run: XMLNode, to text: inout String) {
        for child in run.children where isWord(child) {
            if child.named("t") {
                for piece in child.children where piece.isText { text += piece.content }
            } else if child.named("tab") || child.named("ptab") {
                text += "\t"
            } else if child.named("br") || child.named("cr") {
                text += "\n"
            } else if child.named("noBreakHyphen") {
                text += "-"
            }
        }
    }
}
