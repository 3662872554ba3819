/// Turns decoded text into lines of cells, whatever its layout (`layouts.md` 1–7).
///
/// - Tab-separated rows: cells split at tabs; a line that is only indented by tabs is one cell
///   (text copied out of Word puts every cell on its own indented line).
/// - Markdown pipe tables: cells split at `|`; separator rows dropped.
/// - Whitespace-aligned columns (`pdftotext -layout`): cells split at runs of two or more spaces.
/// - One long line with every cell separated by a space: split into one cell per line, a double
///   space standing for a blank cell.
/// - Everything else stays one cell per line; the recognizer splits text from glued numbers.
///
/// Cells come out width-folded (``TextNormalizer/fold(_:)-(String)``), each in one pass with its
/// creation; layout decisions (tabs, pipes, alignment columns) are made on the text as written.
enum TextLayoutReader {
    static func read(text: String, encoding: String?, name: String) -> SourceDocument {
        var text = text
        return text.withUTF8 { read(bytes: $0, encoding: encoding, name: name) }
    }

    /// Reads UTF-8 text; works on bytes and makes a `String` only for each cell.
    static func read(bytes: UnsafeBufferPointer<UInt8>, encoding: String?, name: String) -> SourceDocument {
        // Split at \n, \r\n, \r and form feeds.
        var rawLines: [Range<Int>] = []
        rawLines.reserveCapacity(bytes.count / 40 + 1)
        var lineStart = 0
        var index = 0
        let count = bytes.count
        if !UTF8Bytes.contains(0x0D, in: bytes) && !UTF8Bytes.contains(0x0C, in: bytes) {
            // Only \n ends lines (the usual case): found with memchr, many bytes at a time.
            while let newline = UTF8Bytes.firstIndex(of: 0x0A, in: bytes, from: lineStart) {
                rawLines.append(lineStart..<newline)
                lineStart = newline + 1
            }
        } else {
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    rawLines.append(lineStart..<index)
                    index += byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A ? 2 : 1
                    lineStart = index
                } else {
                    index += 1
                }
            }
        }
        rawLines.append(lineStart..<count)

        if let tokens = singleLineTokens(bytes, rawLines) {
            var document = SourceDocument(lines: tokens, kind: .text, encoding: encoding)
            document.cellsAreFolded = true
            return document
        }
        var lines: [SourceLine] = []
        lines.reserveCapacity(rawLines.count)
        var aligned: [Int: [AlignedCell]] = [:]
        var pipeRows = 0
        for range in rawLines {
            let raw = UnsafeBufferPointer(rebasing: bytes[range])
            if UTF8Bytes.contains(0x09, in: raw) {
                var start = 0
                while start < raw.count, raw[start] == 0x09 || raw[start] == 0x20 { start += 1 }
                let rest = UnsafeBufferPointer(rebasing: raw[start...])
                if !UTF8Bytes.contains(0x09, in: rest) {
                    // Indented single cell (or an indentation-only line: a blank cell).
                    lines.append(SourceLine(cell: rest.isEmpty ? "\t" : TextNormalizer.foldedString(rest)))
                } else {
                    lines.append(SourceLine(cells: cells(of: raw, separatedBy: 0x09, trimming: false)))
                }
                continue
            }
            var start = 0
            while start < raw.count {
                if raw[start] == 0x20 {
                    start += 1
                } else if isIdeographicSpace(raw, start) {
                    start += 3
                } else {
                    break
                }
            }
            let trimmed = UnsafeBufferPointer(rebasing: raw[start...])
            if let first = trimmed.first, first == 0x7C || isFullWidthPipe(trimmed, 0) {
                if isPipeSeparator(trimmed) { continue }
                pipeRows += 1
                var cells = cells(of: trimmed, separatedBy: 0x7C, trimming: true)
                if cells.first == "" { cells.removeFirst() }
                if cells.last == "" { cells.removeLast() }
                lines.append(SourceLine(cells: cells.isEmpty ? [""] : cells))
                continue
            }
            if let cells = alignedCells(raw) {
                aligned[lines.count] = cells
                lines.append(SourceLine(cells: cells.map { TextNormalizer.fold($0.text) }))
                continue
            }
            lines.append(SourceLine(cell: TextNormalizer.foldedString(raw)))
        }
        if aligned.count >= 2 { fillAlignedBlanks(&lines, aligned) }
        let kind: SourceKind = pipeRows >= 3 || name.lowercased().endsWithBytes(".md") ? .markdown : .text
        var document = SourceDocument(lines: lines, kind: kind, encoding: encoding)
        document.cellsAreFolded = true
        return document
    }

    /// The folded cells of `line` between `separator` bytes (empty ones kept), optionally without
    /// surrounding white space.
    private static func cells(of line: UnsafeBufferPointer<UInt8>, separatedBy separator: UInt8, trimming: Bool) -> [String] {
        var cells: [String] = []
        cells.reserveCapacity(line.reduce(1) { $0 + ($1 == separator ? 1 : 0) })
        var start = 0
        var index = 0
        while index <= line.count {
            if index == line.count || line[index] == separator {
                let cell = UnsafeBufferPointer(rebasing: line[start..<index])
                cells.append(TextNormalizer.foldedString(trimming ? UTF8Bytes.trimmingSpaces(cell) : cell))
                start = index + 1
            }
            index += 1
        }
        return cells
    }

    /// Whether U+3000 (ideographic space) starts at `index`.
    @inline(__always)
    private static func isIdeographicSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xE3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80
    }

    /// Whether U+FF5C (full-width vertical line) starts at `index`.
    @inline(__always)
    private static func isFullWidthPipe(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xEF && bytes[index + 1] == 0xBD && bytes[index + 2] == 0x9C
    }

    /// A Markdown separator row: only `|`, `｜`, `-`, `:` and spaces, with at least one `-`.
    private static func isPipeSeparator(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var dash = false
        while index < line.count {
            switch line[index] {
            case 0x7C, 0x3A, 0x20: index += 1
            case 0x2D:
                dash = true
                index += 1
            default:
                guard isFullWidthPipe(line, index) else { return false }
                index += 3
            }
        }
        return dash
    }

    /// A cell of a whitespace-aligned line with its display columns (ideographs count two).
    struct AlignedCell {
        var text: String
        var start: Int
        var end: Int
        var isValue: Bool { Tokenizer.wholeNumber(TextNormalizer.fold(text), line: 0) != nil || Tokenizer.blankMarks.contains(text) }
        var center: Int { (start + end) / 2 }
    }

    /// Cells of a line aligned with runs of spaces (`pdftotext -layout`), with their display
    /// columns, or `nil` for ordinary text. Cells are split at runs of two or more spaces (ASCII or
    /// ideographic); a single space stays inside a cell.
    private static func alignedCells(_ line: UnsafeBufferPointer<UInt8>) -> [AlignedCell]? {
        // Fast path: no run of two spaces (ASCII or ideographic, E3 80 80) means ordinary text.
        // Without two ASCII spaces in a row or any ideographic space there can be none.
        if !UTF8Bytes.contains("  ", in: line) && !UTF8Bytes.contains("\u{3000}", in: line) { return nil }
        var index = 0
        var previousSpace = false
        var hasRun = false
        while index < line.count {
            let byte = line[index]
            if byte != 0x20 && byte != 0xE3 {
                previousSpace = false
                index += 1
                continue
            }
            let ascii = byte == 0x20
            let isSpace = ascii || isIdeographicSpace(line, index)
            if isSpace && previousSpace {
                hasRun = true
                break
            }
            previousSpace = isSpace
            index += isSpace && !ascii ? 3 : 1
        }
        guard hasRun else { return nil }
        var cells: [AlignedCell] = []
        var cell: [UInt8] = []
        var cellStart = 0
        var cellEnd = 0
        var column = 0
        var spaces = 0
        index = 0
        while index < line.count {
            let lead = line[index]
            if lead == 0x20 || isIdeographicSpace(line, index) {
                spaces += 1
                column += lead == 0x20 ? 1 : 2
                index += lead == 0x20 ? 1 : 3
                continue
            }
            if spaces > 0 {
                if spaces >= 2 {
                    if !cell.isEmpty {
                        cells.append(AlignedCell(text: String(decoding: cell, as: UTF8.self), start: cellStart, end: cellEnd))
                    }
                    cell.removeAll(keepingCapacity: true)
                } else if !cell.isEmpty {
                    cell.append(0x20)
                }
                spaces = 0
            }
            let (value, length) = UTF8Bytes.scalar(in: line, at: index) ?? (UInt32(lead), 1)
            let end = index + length
            if cell.isEmpty { cellStart = column }
            column += width(value)
            cellEnd = column
            cell.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<end]))
            index = end
        }
        if !cell.isEmpty { cells.append(AlignedCell(text: String(decoding: cell, as: UTF8.self), start: cellStart, end: cellEnd)) }
        guard cells.count >= 2 else { return nil }
        // Aligned tables hold numbers; a sentence with a double space is just a sentence.
        guard cells.contains(where: { Tokenizer.wholeNumber(TextNormalizer.fold($0.text), line: 0) != nil }) else { return nil }
        return cells
    }

    @inline(__always) private static func width(_ value: UInt32) -> Int {
        TextNormalizer.isCJK(value) || (value >= 0xFF01 && value <= 0xFF60) || (value >= 0x3000 && value <= 0x303F) ? 2 : 1
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
            lines[index] = SourceLine(cells: (label + reference.indices.map { mapped[$0] ?? "" }).map(TextNormalizer.fold))
        }
    }

    /// Layout 6: the whole report on one (or very few) long lines, every cell separated by one space.
    private static func singleLineTokens(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>]) -> [SourceLine]? {
        var nonEmpty: [Range<Int>] = []
        for range in lines where bytes[range].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            nonEmpty.append(range)
            if nonEmpty.count > 3 { return nil }
        }
        guard let longest = nonEmpty.max(by: { $0.count < $1.count }), longest.count > 600 else { return nil }
        let spaces = bytes[longest].reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) }
        guard spaces >= 60, !bytes[longest].contains(0x09) else { return nil }
        var out: [SourceLine] = []
        for range in nonEmpty {
            for piece in bytes[range].split(separator: 0x20, omittingEmptySubsequences: false) {
                out.append(SourceLine(cell: piece.isEmpty ? "\t" : TextNormalizer.foldedString(UnsafeBufferPointer(rebasing: piece))))
            }
        }
        return out
    }
}
