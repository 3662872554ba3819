import CLibXML2

/// Finds a report's article in a web page and turns it into paragraphs and table rows.
///
/// Menus, scripts, styles, forms' controls, `nav`/`aside`, `header`/`footer` (unless they hold a
/// table) and elements whose `id` or `class` names a menu, footer or breadcrumb are left out. The
/// article is the deepest container holding at least three quarters of the page's remaining text
/// (link text does not count) and every data table of the page (data tables are never entered),
/// with the page's first `h1` put in front when the article does not include it.
///
/// In the article, block elements (`p`, `div`, `h1`…`h6`, `li`, …) and `br` end paragraphs; a table
/// without nested tables becomes one line per row with one cell per `td`/`th`: a cell spanning
/// columns (`colspan`) once, a place covered by a `rowspan` from above as an empty cell, its
/// `caption` as a paragraph before the rows. A table that holds tables, has no row of two cells or
/// has a cell of more than ``longestDataCell`` characters is page layout and is read as running text.
struct HTMLPageWalker {
    private(set) var builder = LineBuilder()
    /// The most table cells the page may produce.
    let maxCells: Int
    /// Whether reading stopped because the tables produced more than ``maxCells`` cells.
    private(set) var exceededCells = false
    private var cellCount = 0
    private var paragraph = ""
    private var weights: [UnsafeMutableRawPointer: Int] = [:]
    /// How many data tables each element holds, for those that hold any.
    private var dataTables: [UnsafeMutableRawPointer: Int] = [:]

    /// - Parameter maxCells: the most table cells the page may produce.
    init(maxCells: Int) {
        self.maxCells = maxCells
    }

    /// Reads the page under `root` (the `html` element).
    mutating func walk(root: XMLNode) {
        let body = Self.child(of: root, named: "body") ?? root
        let total = weigh(body)
        var article = body
        descend: while true {
            for child in article.children where child.isElement && canHoldArticle(child) {
                let key = UnsafeMutableRawPointer(child.pointer)
                if let weight = weights[key], weight * 4 >= total * 3, weight > 0,
                    dataTables[key, default: 0] == dataTables[UnsafeMutableRawPointer(article.pointer), default: 0]
                {
                    article = child
                    continue descend
                }
            }
            break
        }
        if article.pointer != body.pointer, !Self.contains(article, named: "h1"),
            let heading = Self.firstElement(in: body, named: "h1")
        {
            paragraph = Self.cellText(heading)
            flush()
        }
        flow(article)
        flush()
    }

    // MARK: Choosing the article

    /// The non-link text length of `node`'s visible content, remembered for every element.
    private mutating func weigh(_ node: XMLNode) -> Int {
        var weight = 0
        var tables = 0
        for child in node.children {
            if child.isText {
                weight += Self.visibleLength(child)
            } else if child.isElement, !Self.isIgnored(child) {
                let inner = weigh(child)
                if !child.named("a") { weight += inner }
                tables += dataTables[UnsafeMutableRawPointer(child.pointer), default: 0]
            }
        }
        let key = UnsafeMutableRawPointer(node.pointer)
        weights[key] = weight
        // The cells were weighed above, so the table can be classified now.
        if node.named("table") && !isLayoutTable(node) { tables += 1 }
        if tables > 0 { dataTables[key] = tables }
        return weight
    }

    private static func visibleLength(_ node: XMLNode) -> Int {
        guard var pointer = node.pointer.pointee.content else { return 0 }
        var count = 0
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            if byte > 0x20 && (byte & 0xC0) != 0x80 { count += 1 }
            pointer += 1
        }
        return count
    }

    private func canHoldArticle(_ node: XMLNode) -> Bool {
        if node.named("table") { return isLayoutTable(node) }
        // Reached only by descending from a layout table.
        if node.named("tbody") || node.named("thead") || node.named("tr") || node.named("td") || node.named("th") {
            return true
        }
        return node.named("div") || node.named("section") || node.named("article") || node.named("main")
            || node.named("center") || node.named("form") || node.named("font") || node.named("span")
            || node.named("blockquote") || node.named("dl") || node.named("dd")
    }

    /// Whether a table arranges the page rather than holding data: it holds further tables, has no
    /// row of two or more cells, or has a cell with more text than any report table's cell.
    private func isLayoutTable(_ table: XMLNode) -> Bool {
        if Self.contains(table, named: "table") { return true }
        var hasRowOfCells = false
        for row in Self.rows(of: table) {
            var count = 0
            for cell in row.children where cell.isElement && (cell.named("td") || cell.named("th")) {
                count += 1
                if (weights[UnsafeMutableRawPointer(cell.pointer)] ?? 0) > Self.longestDataCell { return true }
            }
            if count >= 2 { hasRowOfCells = true }
        }
        return !hasRowOfCells
    }

    /// More visible characters than this in one cell mark a layout table.
    static let longestDataCell = 400

    // MARK: Reading the article

    private mutating func flow(_ node: XMLNode) {
        for child in node.children {
            if child.isText {
                paragraph += child.content
                continue
            }
            // Every element that is not ignored was weighed when the article was chosen.
            guard child.isElement, isWeighed(child) else { continue }
            if child.named("br") {
                flush()
            } else if child.named("table") && !isLayoutTable(child) {
                flush()
                table(child)
                if exceededCells { return }
            } else if Self.isBlock(child) {
                flush()
                flow(child)
                flush()
            } else {
                flow(child)
            }
        }
    }

    /// Whether `node` was weighed, that is, not ignored (every element of the article was).
    private func isWeighed(_ node: XMLNode) -> Bool { weights[UnsafeMutableRawPointer(node.pointer)] != nil }

    private mutating func flush() {
        builder.paragraph(Self.collapse(paragraph))
        paragraph = ""
    }

    private mutating func table(_ table: XMLNode) {
        for caption in table.children where caption.isElement && caption.named("caption") {
            paragraph = Self.cellText(caption, isKept: isWeighed)
            flush()
        }
        var grid = RowSpanGrid()
        let rows = Self.rows(of: table)
        for (index, row) in rows.enumerated() {
            var cells: [RowSpanGrid.Cell] = []
            for cell in row.children where cell.isElement && (cell.named("td") || cell.named("th")) {
                cells.append(
                    RowSpanGrid.Cell(
                        text: Self.cellText(cell, isKept: isWeighed),
                        columns: Self.span(cell.attribute("colspan")),
                        // A rowspan reaches at most to the end of the table.
                        rows: min(Self.span(cell.attribute("rowspan")), rows.count - index)))
            }
            let placed = grid.place(cells)
            // Covered places are emitted once per row, so rowspans could multiply the cells: bound them.
            cellCount += placed.count
            if cellCount > maxCells {
                exceededCells = true
                return
            }
            builder.row(placed)
        }
    }

    private static func span(_ value: String?) -> Int {
        guard let value, let number = Int(value.filter(\.isNumber).prefix(4)), number > 0 else { return 1 }
        return min(number, 1000)
    }

    /// The `tr` elements of a table, directly or under `thead`/`tbody`/`tfoot`, in order.
    private static func rows(of table: XMLNode) -> [XMLNode] {
        var rows: [XMLNode] = []
        for child in table.children where child.isElement {
            if child.named("tr") {
                rows.append(child)
            } else if child.named("thead") || child.named("tbody") || child.named("tfoot") {
                rows += child.children.filter { $0.isElement && $0.named("tr") }
            }
        }
        return rows
    }

    /// A cell's text: inline pieces joined as they are, block elements and `br` as line breaks.
    /// - Parameter isKept: whether an element's content counts; by default, whether it is not ignored.
    static func cellText(_ node: XMLNode, isKept: (XMLNode) -> Bool = { !isIgnored($0) }) -> String {
        var lines: [String] = []
        var current = ""
        collectCell(node, isKept: isKept, lines: &lines, current: &current)
        lines.append(current)
        return lines.map(collapse).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private static func collectCell(
        _ node: XMLNode, isKept: (XMLNode) -> Bool, lines: inout [String], current: inout String
    ) {
        for child in node.children {
            if child.isText {
                current += child.content
            } else if child.isElement, isKept(child) {
                if child.named("br") {
                    lines.append(current)
                    current = ""
                } else if isBlock(child) {
                    lines.append(current)
                    current = ""
                    collectCell(child, isKept: isKept, lines: &lines, current: &current)
                    lines.append(current)
                    current = ""
                } else {
                    collectCell(child, isKept: isKept, lines: &lines, current: &current)
                }
            }
        }
    }

    // MARK: Classification

    private static let blockNames: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
        "main", "header", "footer", "blockquote", "pre", "center", "address", "hr", "form", "table", "tbody",
        "thead", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "fieldset", "legend", "body",
    ]

    private static func isBlock(_ node: XMLNode) -> Bool { blockNames.contains(node.name) }

    private static let ignoredNames: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "aside", "select",
        "option", "button", "input", "textarea", "iframe", "object", "embed", "svg", "canvas", "map", "audio",
        "video",
    ]

    private static let noiseTokens: Set<String> = [
        "nav", "navbar", "navigation", "menu", "menubar", "footer", "foot", "breadcrumb", "breadcrumbs", "crumb",
        "crumbs", "sidebar", "topbar", "toolbar", "copyright", "share", "bdshare", "skip",
    ]

    static func isIgnored(_ node: XMLNode) -> Bool {
        let name = node.name
        if ignoredNames.contains(name) { return true }
        var noisy = name == "header" || name == "footer"
        var attribute = node.pointer.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let attributeName = current.pointee.name else { continue }
            switch String(cString: attributeName) {
            case "hidden":
                return true
            case "style":
                let style = asciiLowercased(XMLNode.text(of: current)).filter { $0 != 0x20 }
                if contains(style, "display:none") || contains(style, "visibility:hidden") { return true }
            case "id", "class":
                if !noisy {
                    let tokens = asciiLowercased(XMLNode.text(of: current)).split { !isAlphanumeric($0) }
                    noisy = tokens.contains { noiseTokens.contains(String(decoding: $0, as: UTF8.self)) }
                }
            default:
                continue
            }
        }
        // Never drop a table with the page chrome: a report table inside a mislabelled block is kept.
        return noisy && !contains(node, named: "table")
    }

    private static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { needle in
            guard needle.count <= bytes.count else { return false }
            for start in 0...(bytes.count - needle.count) {
                var matched = true
                for offset in 0..<needle.count where bytes[start + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            return false
        }
    }

    private static func asciiLowercased(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }

    // MARK: Tree helpers

    private static func child(of node: XMLNode, named name: StaticString) -> XMLNode? {
        node.children.first { $0.isElement && $0.named(name) }
    }

    static func contains(_ node: XMLNode, named name: StaticString) -> Bool {
        firstElement(in: node, named: name) != nil
    }

    static func firstElement(in node: XMLNode, named name: StaticString) -> XMLNode? {
        for child in node.children where child.isElement {
            if child.named(name) { return child }
            if let found = firstElement(in: child, named: name) { return found }
        }
        return nil
    }

    /// HTML white space and no-break spaces collapsed to single spaces, ends trimmed.
    static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}":
                pendingSpace = true
            default:
                if pendingSpace && !result.isEmpty { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return LineBuilder.trim(result)
    }
}
