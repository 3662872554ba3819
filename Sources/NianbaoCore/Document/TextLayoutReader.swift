/// Turns decoded text into lines of cells, whatever its layout (`layouts.md` 1–7).
///
/// - Tab-separated rows: cells split at tabs; a line that is only indented by tabs is one cell
///   (text copied out of Word puts every cell on its own indented line).
/// - Markdown pipe tables: cells split at `|`; separator rows dropped.
/// - Whitespace-aligned columns (`pdftotext -layout`): cells split at runs of two or more spaces.
/// - One long line with every cell separated by a space: split into one cell per line, a double
///   space standing for a blank cell.
/// - Everything else stays one cell per line; the recognizer splits text from glued numbers.
enum TextLayoutReader {
    static func read(text: String, encoding: String?, name: String) -> SourceDocument {
        // Split at \n, \r\n, \r and form feeds, on bytes (Character comparisons are slow).
        var rawLines: [Substring] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D || byte == 0x0C {
                rawLines.append(Substring(utf8[lineStart..<index]))
                var next = utf8.index(after: index)
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                lineStart = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        rawLines.append(Substring(utf8[lineStart..<utf8.endIndex]))

        if let tokens = singleLineTokens(rawLines) {
            return SourceDocument(lines: tokens, kind: .text, encoding: encoding)
        }
        var lines: [SourceLine] = []
        lines.reserveCapacity(rawLines.count)
        var pipeRows = 0
        for raw in rawLines {
            if raw.utf8.contains(0x09) {
                let trimmedLeading = raw.drop { $0 == "\t" || $0 == " " }
                if !trimmedLeading.utf8.contains(0x09) {
                    // Indented single cell (or an indentation-only line: a blank cell).
                    lines.append(SourceLine(cells: [raw.allSatisfy({ $0 == "\t" || $0 == " " }) ? "\t" : String(trimmedLeading)]))
                } else {
                    lines.append(SourceLine(cells: raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
                }
                continue
            }
            let trimmed = raw.drop { $0 == " " || $0 == "\u{3000}" }
            if trimmed.startsWithBytes("|") || trimmed.startsWithBytes("｜") {
                if isPipeSeparator(trimmed) { continue }
                pipeRows += 1
                var cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).map {
                    String($0).trimmingSpaces()
                }
                if cells.first == "" { cells.removeFirst() }
                if cells.last == "" { cells.removeLast() }
                lines.append(SourceLine(cells: cells.isEmpty ? [""] : cells))
                continue
            }
            if let cells = alignedColumns(trimmed) {
                lines.append(SourceLine(cells: cells))
                continue
            }
            lines.append(SourceLine(cells: [String(raw)]))
        }
        let kind: SourceKind = pipeRows >= 3 || name.lowercased().endsWithBytes(".md") ? .markdown : .text
        return SourceDocument(lines: lines, kind: kind, encoding: encoding)
    }

    private static func isPipeSeparator(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "｜" } && line.contains("-")
    }

    /// Cells of a line whose columns are aligned with runs of spaces, or `nil` for ordinary text.
    private static func alignedColumns(_ line: Substring) -> [String]? {
        // Fast path: no run of two spaces (ASCII or ideographic) means ordinary text.
        var previousSpace = false
        var hasRun = false
        for scalar in line.unicodeScalars {
            let isSpace = scalar == " " || scalar == "\u{3000}"
            if isSpace && previousSpace {
                hasRun = true
                break
            }
            previousSpace = isSpace
        }
        guard hasRun else { return nil }
        var cells: [String] = []
        var cell = ""
        var spaces = 0
        for character in line {
            if character == " " || character == "\u{3000}" {
                spaces += 1
                continue
            }
            if spaces > 0 {
                if spaces >= 2 {
                    cells.append(cell)
                    cell = ""
                } else {
                    cell.append(" ")
                }
                spaces = 0
            }
            cell.append(character)
        }
        if !cell.isEmpty { cells.append(cell) }
        guard cells.count >= 2 else { return nil }
        // Aligned tables hold numbers; a sentence with a double space is just a sentence.
        let numeric = cells.filter { Tokenizer.wholeNumber(TextNormalizer.fold($0), line: 0) != nil }.count
        return numeric >= 1 ? cells : nil
    }

    /// Layout 6: the whole report on one (or very few) long lines, every cell separated by one space.
    private static func singleLineTokens(_ lines: [Substring]) -> [SourceLine]? {
        let nonEmpty = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard !nonEmpty.isEmpty, nonEmpty.count <= 3 else { return nil }
        guard let longest = nonEmpty.max(by: { $0.utf8.count < $1.utf8.count }), longest.utf8.count > 600 else { return nil }
        let spaces = longest.utf8.reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) }
        guard spaces >= 60, !longest.utf8.contains(0x09) else { return nil }
        var out: [SourceLine] = []
        for line in nonEmpty {
            for piece in line.split(separator: " ", omittingEmptySubsequences: false) {
                out.append(SourceLine(cells: [piece.isEmpty ? "\t" : String(piece)]))
            }
        }
        return out
    }
}
