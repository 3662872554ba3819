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
        var aligned: [Int: [AlignedCell]] = [:]
        var pipeRows = 0
        for raw in rawLines {
            if raw.utf8.contains(0x09) {
                let trimmedLeading = raw.drop { $0 == "\t" || $0 == " " }
                if !trimmedLeading.utf8.contains(0x09) {
                    // Indented single cell (or an indentation-only line: a blank cell).
                    lines.append(SourceLine(cells: [raw.allSatisfy({ $0 == "\t" || $0 == " " }) ? "\t" : String(trimmedLeading)]))
                } else {
                    lines.append(SourceLine(cells: raw.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map {
                        String(decoding: $0, as: UTF8.self)
                    }))
                }
                continue
            }
            let trimmed = raw.drop { $0 == " " || $0 == "\u{3000}" }
            if trimmed.startsWithBytes("|") || trimmed.startsWithBytes("｜") {
                if isPipeSeparator(trimmed) { continue }
                pipeRows += 1
                var cells = trimmed.utf8.split(separator: 0x7C, omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self).trimmingSpaces()
                }
                if cells.first == "" { cells.removeFirst() }
                if cells.last == "" { cells.removeLast() }
                lines.append(SourceLine(cells: cells.isEmpty ? [""] : cells))
                continue
            }
            if let cells = alignedCells(raw) {
                aligned[lines.count] = cells
                lines.append(SourceLine(cells: cells.map(\.text)))
                continue
            }
            lines.append(SourceLine(cells: [String(raw)]))
        }
        if aligned.count >= 2 { fillAlignedBlanks(&lines, aligned) }
        let kind: SourceKind = pipeRows >= 3 || name.lowercased().endsWithBytes(".md") ? .markdown : .text
        return SourceDocument(lines: lines, kind: kind, encoding: encoding)
    }

    private static func isPipeSeparator(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "｜" } && line.contains("-")
    }

    /// A cell of a whitespace-aligned line with its display columns (ideographs count two).
    struct AlignedCell {
        var text: String
        var start: Int
        var end: Int
        var isValue: Bool { Tokenizer.wholeNumber(TextNormalizer.fold(text), line: 0) != nil || Tokenizer.blankMarks.contains(text) }
        var center: Int { (start + end) / 2 }
    }

    /// Cells of a line aligned with runs of spaces (`pdftotext -layout`), with their positions.
    private static func alignedCells(_ line: Substring) -> [AlignedCell]? {
        guard let texts = alignedColumns(line)?.filter({ !$0.isEmpty }), texts.count >= 2 else { return nil }
        var cells: [AlignedCell] = []
        var column = 0
        var index = line.unicodeScalars.startIndex
        let scalars = line.unicodeScalars
        for text in texts {
            // Find the cell's first scalar from the current position.
            guard let first = text.unicodeScalars.first else { continue }
            while index < scalars.endIndex, scalars[index] != first {
                column += width(scalars[index])
                index = scalars.index(after: index)
            }
            let start = column
            for scalar in text.unicodeScalars {
                guard index < scalars.endIndex else { break }
                _ = scalar
                column += width(scalars[index])
                index = scalars.index(after: index)
            }
            cells.append(AlignedCell(text: text, start: start, end: column))
        }
        return cells
    }

    @inline(__always) private static func width(_ scalar: Unicode.Scalar) -> Int {
        TextNormalizer.isCJK(scalar) || (scalar.value >= 0xFF01 && scalar.value <= 0xFF60) || (scalar.value >= 0x3000 && scalar.value <= 0x303F) ? 2 : 1
    }

    /// A blank cell leaves no trace in aligned text but a gap: where a row has fewer values than a
    /// nearby row of the same table, its values are matched to that row's columns by position and
    /// the gaps become blank cells.
    private static func fillAlignedBlanks(_ lines: inout [SourceLine], _ aligned: [Int: [AlignedCell]]) {
        // Each line's label cells and its trailing run of value cells, when every cell after the
        // first value is a value; computed once, compared with every neighbour below.
        var rows: [Int: (label: [String], values: [AlignedCell])] = [:]
        for (index, cells) in aligned {
            let isValue = cells.map(\.isValue)
            guard let firstValue = isValue.firstIndex(of: true), isValue[firstValue...].allSatisfy({ $0 }) else { continue }
            rows[index] = (cells[..<firstValue].map(\.text), Array(cells[firstValue...]))
        }
        let indices = rows.keys.sorted()
        for index in indices {
            let (label, values) = rows[index]!
            // The nearest row within ten lines with a few more value columns.
            var reference: [AlignedCell]? = nil
            var bestDistance = Int.max
            for other in indices where abs(other - index) <= 10 && other != index {
                let otherValues = rows[other]!.values
                guard otherValues.count > values.count, otherValues.count <= values.count + 4 else { continue }
                let distance = abs(other - index)
                if distance < bestDistance || (distance == bestDistance && otherValues.count > (reference?.count ?? 0)) {
                    bestDistance = distance
                    reference = otherValues
                }
            }
            guard let reference else { continue }
            let gaps = zip(reference, reference.dropFirst()).map { $1.center - $0.center }
            let tolerance = max(1, (gaps.min() ?? 4) / 2)
            var mapped: [Int: String] = [:]
            var lastColumn = -1
            var consistent = true
            for value in values {
                guard let column = reference.indices.min(by: { abs(reference[$0].center - value.center) < abs(reference[$1].center - value.center) }),
                    abs(reference[column].center - value.center) <= tolerance, column > lastColumn
                else {
                    consistent = false
                    break
                }
                mapped[column] = value.text
                lastColumn = column
            }
            guard consistent else { continue }
            lines[index] = SourceLine(cells: label + reference.indices.map { mapped[$0] ?? "" })
        }
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
