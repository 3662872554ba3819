/// Prose as PDF text extraction leaves it: paragraphs broken into lines of the page width, page
/// footers (`第 2 页 共 6 页`, `- 2 -`) every so many lines.
struct PDFProse {
    var rng: SeededGenerator
    let lineWidth: Int
    let linesPerPage: Int
    let footerStyle: Int
    var page = 1
    var linesOnPage = 0
    /// Whether pages are separated by a form feed at the start of the next page (`pdftotext`).
    var formFeeds = false
    private var pendingFormFeed = false
    let totalPages = 9

    init(rng: SeededGenerator) {
        var rng = rng
        lineWidth = rng.int(30...40)
        linesPerPage = rng.int(34...46)
        footerStyle = rng.int(0...2)
        self.rng = rng
    }

    /// Appends `text` wrapped to the page width, with a footer whenever a page fills up.
    mutating func append(_ text: String, to lines: inout [String]) {
        for piece in LayoutText.wrap(text, width: lineWidth) { appendLine(piece, to: &lines) }
    }

    /// Appends one line as is, with a footer whenever a page fills up.
    mutating func appendLine(_ line: String, to lines: inout [String]) {
        lines.append(pendingFormFeed ? "\u{0C}" + line : line)
        pendingFormFeed = false
        linesOnPage += 1
        if linesOnPage >= linesPerPage { pageBreak(&lines) }
    }

    /// Ends the current page.
    mutating func pageBreak(_ lines: inout [String]) {
        lines.append(LayoutText.pageFooter(page, total: totalPages, style: footerStyle))
        page += 1
        linesOnPage = 0
        pendingFormFeed = formFeeds
    }
}
