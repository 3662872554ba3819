/// Splits cells into tokens: text, numbers (with units and signs), blanks and unreadable values.
enum Tokenizer {
    static let blankMarks: Set<String> = ["/", "-", "—", "——", "–", "－", "／", "\\", "—-", "--", "---"]
    /// Characters after digits that make them a count in prose (`5件`, `2021年`), not a table value.
    static let proseUnits: Set<Unicode.Scalar> = [
        "件", "宗", "条", "个", "份", "次", "人", "年", "月", "日", "号", "项", "家", "篇", "期", "天", "%", "‰",
        "余", "多", "名", "起", "部", "台", "场", "批", "类", "位", "张", "页", "分", "秒", "周", "届", "级",
        "倍", "户", "岁", "米", "所", "座", "单", "支", "组", "家",
    ]

    /// - Parameter folded: whether the cells are already width-folded.
    static func tokenize(_ lines: [SourceLine], folded: Bool = false) -> [TokenLine] {
        var result: [TokenLine] = []
        result.reserveCapacity(lines.count)
        // The line's text (trimmed cells joined by a space), built on bytes and reused.
        var textBytes: [UInt8] = []
        textBytes.reserveCapacity(512)
        for (index, line) in lines.enumerated() {
            if let cell = line.onlyCell {
                result.append(tokenizeOneCell(cell, folded: folded, index: index))
                continue
            }
            guard line.cellCount > 0 else {
                result.append(TokenLine(index: index, tokens: [], isDelimited: false, isEmpty: true, text: ""))
                continue
            }
            // Several cells: a delimited line, one table row.
            var tokens: [Token] = []
            tokens.reserveCapacity(line.cellCount + 2)
            var nonEmpty = false
            textBytes.removeAll(keepingCapacity: true)
            line.forEachCell { column, raw in
                let cell = folded ? raw : TextNormalizer.fold(raw)
                var storage = cell
                storage.withUTF8 { bytes in
                    if !nonEmpty { nonEmpty = bytes.contains { $0 != 0x20 && $0 != 0x09 } }
                    let trimmed = UTF8Bytes.trimmingSpaces(bytes)
                    if !trimmed.isEmpty {
                        if !textBytes.isEmpty { textBytes.append(0x20) }
                        textBytes.append(contentsOf: trimmed)
                    }
                    let first = tokens.count
                    tokenizeCell(
                        trimmed, whole: trimmed.count == bytes.count ? cell : nil, rawIsEmpty: bytes.isEmpty, line: index,
                        delimited: true, into: &tokens)
                    for position in first..<tokens.count { tokens[position].column = column }
                }
            }
            result.append(TokenLine(
                index: index, tokens: tokens, isDelimited: true,
                isEmpty: tokens.isEmpty && !nonEmpty, text: String(decoding: textBytes, as: UTF8.self)))
        }
        return result
    }

    /// A line of one cell (prose, most of a report): its text is the trimmed cell, used without
    /// copying its bytes into a line buffer; a page header or footer is an empty line.
    private static func tokenizeOneCell(_ raw: String, folded: Bool, index: Int) -> TokenLine {
        let cell = folded ? raw : TextNormalizer.fold(raw)
        var storage = cell
        return storage.withUTF8 { bytes in
            let nonEmpty = bytes.contains { $0 != 0x20 && $0 != 0x09 }
            let trimmed = UTF8Bytes.trimmingSpaces(bytes)
            let untrimmed = trimmed.count == bytes.count
            var tokens: [Token] = []
            // One allocation for the line's tokens (a cell rarely splits into more than four).
            if !trimmed.isEmpty { tokens.reserveCapacity(4) }
            tokenizeCell(trimmed, whole: untrimmed ? cell : nil, rawIsEmpty: bytes.isEmpty, line: index, delimited: false, into: &tokens)
            if isPageMark(trimmed) {
                // A page header or footer (第 1 页 共 9 页, - 3 -): a break, not content.
                return TokenLine(index: index, tokens: [], isDelimited: false, isEmpty: true, text: "")
            }
            // A cell that needs no trimming is its own text: no new string.
            let text = untrimmed ? cell : String(decoding: trimmed, as: UTF8.self)
            return TokenLine(index: index, tokens: tokens, isDelimited: false, isEmpty: tokens.isEmpty && !nonEmpty, text: text)
        }
    }

    /// Shapes of page numbers once digit runs are `9` and spaces are gone.
    private static let pageMarkShapes: [[UInt8]] = [
        "第9页", "第9页共9页", "第9页/共9页", "-9-", "—9—", "9/9", "Page9", "Page9of9", "page9of9", "共9页第9页",
    ].map { Array($0.utf8) }

    /// Whether a line is only a page number (`第 1 页 共 9 页`, `第3页`, `- 3 -`, `3/9`, `Page 3 of 9`).
    static func isPageMark(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every shape starts with 第 (E7 AC AC), 共 (E5 85 B1), -, — (E2 80 94), P, p or a digit (the
        // text is trimmed: its first byte is the shape's), and a line of digits alone is a value.
        guard let first = text.first, text.count <= 40,
            first == 0x2D || first == 0x50 || first == 0x70 || (first >= 0x30 && first <= 0x39)
                || (text.count >= 3 && ((first == 0xE7 && text[1] == 0xAC && text[2] == 0xAC)
                    || (first == 0xE5 && text[1] == 0x85 && text[2] == 0xB1)
                    || (first == 0xE2 && text[1] == 0x80 && text[2] == 0x94))),
            text.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            !text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 })
        else { return false }
        var shape: [UInt8] = []
        shape.reserveCapacity(text.count)
        var lastWasDigit = false
        for byte in text where byte != 0x20 {
            if byte >= 0x30 && byte <= 0x39 {
                if !lastWasDigit { shape.append(0x39) }
                lastWasDigit = true
            } else {
                shape.append(byte)
                lastWasDigit = false
            }
        }
        return pageMarkShapes.contains(shape)
    }

    /// ``blankMarks`` (each at most six bytes) packed into integers with their lengths, compared
    /// without a loop over arrays (which the compiler did not always inline: a generic comparison
    /// for each mark, for each cell).
    private static let blankMarkWords: [(word: UInt64, length: Int)] = blankMarks.map { mark in
        let bytes = Array(mark.utf8)
        precondition(bytes.count <= 8, "Tokenizer: blank marks fit in eight bytes")
        return (bytes.withUnsafeBufferPointer { packed($0) }, bytes.count)
    }

    /// Up to eight bytes as one integer, the first byte lowest.
    @inline(__always)
    private static func packed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift += 8
        }
        return word
    }

    /// Whether `bytes` are one of ``blankMarks``.
    @inline(__always)
    static func isBlankMark<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let count = bytes.count
        guard count >= 1, count <= 8 else { return false }
        let word = packed(bytes)
        return blankMarkWords.contains { $0.length == count && $0.word == word }
    }

    /// Tokens of one cell, appended to `tokens`. A cell of a delimited line that is empty is a
    /// blank token; an empty one-cell line gives no token (it is a separator), but a one-cell line
    /// holding only white space (a tab) is a blank cell.
    /// - Parameters:
    ///   - cell: the folded cell without surrounding white space.
    ///   - rawIsEmpty: whether the cell was empty before trimming.
    ///   - whole: the cell as a string when `cell` is all of it, so tokens can share it.
    static func tokenizeCell(
        _ cell: UnsafeBufferPointer<UInt8>, whole: String?, rawIsEmpty: Bool, line: Int, delimited: Bool,
        into tokens: inout [Token]
    ) {
        if cell.isEmpty {
            if delimited || !rawIsEmpty { tokens.append(.blank(line: line)) }
            return
        }
        if cell.count <= 6, isBlankMark(cell) {
            tokens.append(.blank(line: line))
            return
        }
        let first = cell[0]
        if first >= 0x30 && first <= 0x39 && cell.count <= 12 && cell.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Fast path: plain digits, the usual cell.
            // The digits are the text itself (``Token/digits``).
            tokens.append(Token(kind: .number, text: whole ?? String(decoding: cell, as: UTF8.self), line: line))
            return
        }
        if let number = wholeNumber(cell, text: whole, line: line) {
            tokens.append(number)
            return
        }
        segment(cell, whole: whole, line: line, into: &tokens)
    }

    /// A cell that is one number, possibly signed, with thousands separators, or with a unit.
    static func wholeNumber(_ cell: String, line: Int) -> Token? {
        var copy = cell
        return copy.withUTF8 { wholeNumber($0, text: cell, line: line) }
    }

    /// ``wholeNumber(_:line:)`` on the cell's UTF-8 `bytes`. Rejects without allocating; `text` is
    /// the cell as a string when the caller has it (otherwise made for the token).
    static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>, text: String?, line: Int) -> Token? {
        let count = bytes.count
        guard let firstByte = bytes.first, (firstByte >= 0x30 && firstByte <= 0x39) || firstByte == 0x2B || firstByte == 0x2D,
            count <= 40
        else { return nil }
        @inline(__always) func isDigit(_ index: Int) -> Bool { index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        // Fast path: plain digits, the usual cell.
        if count <= 12, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Token(kind: .number, text: text ?? String(decoding: bytes, as: UTF8.self), line: line)
        }
        var index = 0
        var negative = false
        if firstByte == 0x2B || firstByte == 0x2D {
            negative = firstByte == 0x2D
            index = 1
            while index < count, bytes[index] == 0x20 { index += 1 }
        }
        let numberStart = index
        var sawDigit = false
        var sawDot = false
        var sawComma = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
            } else if byte == 0x2E && !sawDot && sawDigit && isDigit(index + 1) {
                sawDot = true
            } else if byte == 0x2C && !sawDot && sawDigit {
                sawComma = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        let numberEnd = index
        // After the number only spaces and a known unit.
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])
        var unitIndex: UInt8? = nil
        if rest.contains(where: { $0 != 0x20 }) {
            guard let known = wholeNumberUnitBytes.firstIndex(where: { equalIgnoringSpaces(rest, $0) }) else { return nil }
            unitIndex = UInt8(known)
        }
        if sawComma {
            // Only accept proper thousands grouping (1,234,567): the integer part (up to a point
            // or 万, 元, 件) in groups of three after the first.
            var groups: [Int] = []
            var length = 0
            var position = 0
            scan: while position < count {
                let byte = bytes[position]
                switch byte {
                case 0x2B, 0x2D, 0x20: break
                case 0x2E: break scan
                case 0x2C:
                    if length > 0 { groups.append(length) }
                    length = 0
                case 0xE4 where position + 2 < count && bytes[position + 1] == 0xB8 && bytes[position + 2] == 0x87: break scan  // 万
                case 0xE5 where position + 2 < count && bytes[position + 1] == 0x85 && bytes[position + 2] == 0x83: break scan  // 元
                case 0xE4 where position + 2 < count && bytes[position + 1] == 0xBB && bytes[position + 2] == 0xB6: break scan  // 件
                default:
                    if byte & 0xC0 != 0x80 { length += 1 }
                }
                position += 1
            }
            if length > 0 { groups.append(length) }
            guard groups.count > 1, groups[0] <= 3, groups.dropFirst().allSatisfy({ $0 == 3 }) else { return nil }
        }
        var token = Token(kind: .number, text: text ?? String(decoding: bytes, as: UTF8.self), line: line)
        token.digits = Substring(String(decoding: bytes[numberStart..<numberEnd].filter { $0 != 0x2C }, as: UTF8.self))
        token.negative = negative
        token.isDecimal = sawDot
        token.unitIndex = unitIndex
        return token
    }

    /// Splits mixed text into text runs and numbers. Sub-item ordinals (`1.`, `2、`) stay with the
    /// label that follows; digits followed by a prose unit (`5件`, `2021年`) stay text. Works on
    /// UTF-8 bytes: digits and the marks that matter are ASCII once the text is width-folded.
    static func segment(_ bytes: UnsafeBufferPointer<UInt8>, whole: String?, line: Int, into tokens: inout [Token]) {
        let count = bytes.count
        let firstToken = tokens.count
        var textStart = 0

        @inline(__always) func isDigit(_ index: Int) -> Bool { index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        /// The scalar starting at `index`.
        func scalar(at index: Int) -> Unicode.Scalar? {
            UTF8Bytes.scalar(in: bytes, at: index).flatMap { Unicode.Scalar($0.value) }
        }
        /// The scalar ending just before `index`.
        func scalar(before index: Int) -> Unicode.Scalar? {
            guard index > 0 else { return nil }
            var start = index - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            return scalar(at: start)
        }
        func emitText(_ end: Int) {
            guard end > textStart else { return }
            var start = textStart
            var stop = end
            while start < stop, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
            guard stop > start else { return }
            // Blank marks between a label and the numbers after it (`(一)予以公开 - 0 0 7`): the
            // label, then a blank cell for each mark.
            var trailingBlanks = 0
            if end < count {
                var cut = stop
                while cut > start, isBlankMarkEnd(UnsafeBufferPointer(rebasing: bytes[start..<cut])) {
                    var space = cut - 1
                    while space > start, bytes[space] != 0x20 { space -= 1 }
                    let mark = bytes[(space + 1)..<cut]
                    guard space > start, isBlankMark(mark) else { break }
                    trailingBlanks += 1
                    cut = space
                    while cut > start, bytes[cut - 1] == 0x20 { cut -= 1 }
                }
                if trailingBlanks > 0 { stop = cut }
            }
            defer { for _ in 0..<trailingBlanks { tokens.append(.blank(line: line)) } }
            let text = start == 0 && stop == count ? whole ?? String(decoding: bytes, as: UTF8.self)
                : String(decoding: bytes[start..<stop], as: UTF8.self)
            // Dashes or slashes standing alone between numbers mark blank cells: `0 0 - 0`.
            let pieces = stop - start <= 24 && isDashLike(UnsafeBufferPointer(rebasing: bytes[start..<stop]))
                ? text.split(separator: " ") : []
            if !pieces.isEmpty, pieces.allSatisfy({ blankMarks.contains(String($0)) }) {
                for _ in pieces { tokens.append(.blank(line: line)) }
                return
            }
            if tokens.count > firstToken, let last = tokens.last, last.kind == .text || last.kind == .garbage {
                tokens[tokens.count - 1] = .text(last.text + " " + text, line: line)
            } else {
                tokens.append(classifyText(text, line: line))
            }
        }
        func number(_ start: Int, _ end: Int, negative: Bool, glued: Bool) -> Token {
            let string = String(decoding: bytes[start..<end], as: UTF8.self)
            var token = Token(kind: .number, text: string, line: line)
            token.isDecimal = bytes[start..<end].contains(0x2E)
            token.negative = negative
            token.glued = glued
            return token
        }

        var index = 0
        while index < count {
            guard isDigit(index) else {
                // Prose has few digits: eight bytes at a time while a word holds none.
                if index + 8 <= count, !UTF8Bytes.wordHoldsDigit(UnsafeRawPointer(bytes.baseAddress! + index)) {
                    index += 8
                } else {
                    index += 1
                }
                continue
            }
            var end = index
            while isDigit(end) { end += 1 }
            var decimalEnd = end
            if end + 1 < count, bytes[end] == 0x2E, isDigit(end + 1) {
                decimalEnd = end + 1
                while isDigit(decimalEnd) { decimalEnd += 1 }
            }
            let before = scalar(before: index)
            let after = scalar(at: decimalEnd)
            let afterLength = after.map { $0.value < 0x80 ? 1 : ($0.value < 0x800 ? 2 : ($0.value < 0x10000 ? 3 : 4)) } ?? 0
            let afterNext = scalar(at: decimalEnd + afterLength)

            // An ordinal: digits followed by 、 or . and then a non-digit (`1.属于国家秘密`, `00000002.其他`).
            if decimalEnd == end, let after, after == "." || after == "、" || after == "．",
                afterNext.map({ !($0.value >= 0x30 && $0.value <= 0x39) }) ?? true
            {
                let runLength = end - index
                let ordinalLength = runLength == 2 && bytes[index] == 0x31 && bytes[index + 1] == 0x30 ? 2 : 1
                let valueEnd = end - ordinalLength
                if valueEnd > index {
                    emitText(index)
                    tokens.append(number(index, valueEnd, negative: false, glued: true))
                    textStart = valueEnd
                }
                index = end
                continue
            }
            // Parenthesised digits are ordinals: (1). Digits with a prose unit, or after 第 or a
            // Latin letter, are text.
            if let before, before == "(", let after, after == ")" {
                index = decimalEnd
                continue
            }
            var unitScalar = after
            if after == " " {
                var probe = decimalEnd
                while probe < count, bytes[probe] == 0x20 { probe += 1 }
                unitScalar = scalar(at: probe)
            }
            if let unit = unitScalar, proseUnits.contains(unit) || (after == "万" && afterNext != "元") {
                index = decimalEnd
                continue
            }
            if let before, before == "第" || (before.value < 0x80 && before.properties.isAlphabetic) {
                index = decimalEnd
                continue
            }
            // A sign written just before the digits.
            var negative = false
            var textEnd = index
            if let before, before == "-" || before == "+" {
                let signIndex = index - 1
                let previous = scalar(before: signIndex)
                if !(previous.map { $0.value < 0x80 && $0.properties.isAlphabetic } ?? false) {
                    negative = before == "-"
                    textEnd = signIndex
                }
            }
            emitText(textEnd)
            // Glued on the left: something other than a space touches the number (or its sign).
            let leftNeighbor = textEnd < index ? scalar(before: textEnd) : before
            let glueLeft = leftNeighbor.map { $0 != " " && $0 != "\t" } ?? false
            var token = number(index, decimalEnd, negative: negative, glued: false)
            var unitEnd = decimalEnd
            if let after, after == "元" {
                token.unitIndex = Self.yuanUnit
                unitEnd = decimalEnd + afterLength
            } else if let after, after == "万", afterNext == "元" {
                token.unitIndex = Self.wanYuanUnit
                unitEnd = decimalEnd + afterLength * 2
            }
            token.glued = glueLeft || (unitEnd < count && bytes[unitEnd] != 0x20)
            tokens.append(token)
            index = unitEnd
            textStart = unitEnd
        }
        emitText(count)
    }

    /// Whether `bytes` end with a character blank marks are made of (`-`, `/`, `\\`, `—`, `–`).
    @inline(__always)
    static func isBlankMarkEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = bytes.last else { return false }
        if last == 0x2D || last == 0x2F || last == 0x5C { return true }
        let count = bytes.count
        return count >= 3 && bytes[count - 3] == 0xE2 && bytes[count - 2] == 0x80 && (last == 0x93 || last == 0x94)
    }

    /// Whether `bytes` hold only spaces, `-`, `/`, `\\`, `—` and `–` (blank marks between numbers).
    static func isDashLike(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x2D, 0x2F, 0x5C: index += 1
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94):
                index += 3
            default: return false
            }
        }
        return true
    }

    /// Whether `bytes` without its spaces equal `other`.
    private static func equalIgnoringSpaces(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        var position = 0
        for byte in bytes where byte != 0x20 {
            guard position < other.count, other[position] == byte else { return false }
            position += 1
        }
        return position == other.count
    }

    static let wholeNumberUnits = ["万元", "元", "件", "个", "项", "宗", "份", "亿元", "千元"]
    /// The indices of 元 and 万元 in ``wholeNumberUnits`` (``Token/unitIndex``).
    static let yuanUnit = UInt8(wholeNumberUnits.firstIndex(of: "元")!)
    static let wanYuanUnit = UInt8(wholeNumberUnits.firstIndex(of: "万元")!)
    private static let wholeNumberUnitBytes: [[UInt8]] = wholeNumberUnits.map { Array($0.utf8) }

    /// Short runs without any ideograph (`U`, `O`, `*`) are unreadable values, not labels.
    static func classifyText(_ text: String, line: Int) -> Token {
        let scalars = text.unicodeScalars
        if text.utf8.count <= 12, scalars.count <= 3, !scalars.contains(where: { TextNormalizer.isCJK($0) }),
            scalars.contains(where: { $0.properties.isAlphabetic || $0 == "*" || $0 == "?" })
        {
            return Token(kind: .garbage, text: text, line: line)
        }
        return .text(text, line: line)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceLike }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpaceLike })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(Substring(scalars[first...last]))
    }
}
