/// Splits cells into tokens: text, numbers (with units and signs), blanks and unreadable values.
enum Tokenizer {
    static let dashLike: Set<Unicode.Scalar> = [" ", "-", "/", "\\", "—", "–"]
    static let blankMarks: Set<String> = ["/", "-", "—", "——", "–", "－", "／", "\\", "—-", "--", "---"]
    /// Characters after digits that make them a count in prose (`5件`, `2021年`), not a table value.
    static let proseUnits: Set<Unicode.Scalar> = [
        "件", "宗", "条", "个", "份", "次", "人", "年", "月", "日", "号", "项", "家", "篇", "期", "天", "%", "‰",
        "余", "多", "名", "起", "部", "台", "场", "批", "类", "位", "张", "页", "分", "秒", "周", "届", "级",
        "倍", "户", "岁", "米", "所", "座", "单", "支", "组", "家",
    ]

    static func tokenize(_ lines: [SourceLine]) -> [TokenLine] {
        var result: [TokenLine] = []
        result.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let cells = line.cells.map { TextNormalizer.fold($0) }
            let nonEmpty = cells.contains { !$0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
            let delimited = cells.count > 1
            var tokens: [Token] = []
            if delimited {
                for (column, cell) in cells.enumerated() {
                    for var token in tokenizeCell(cell, line: index, delimited: true) {
                        token.column = column
                        tokens.append(token)
                    }
                }
            } else if let cell = cells.first {
                tokens = tokenizeCell(cell, line: index, delimited: false)
            }
            let text = cells.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
            if !delimited && isPageMark(text) {
                // A page header or footer (第 1 页 共 9 页, - 3 -): a break, not content.
                result.append(TokenLine(index: index, tokens: [], isDelimited: false, isEmpty: true, text: "", key: ""))
                continue
            }
            result.append(TokenLine(
                index: index, tokens: tokens, isDelimited: delimited,
                isEmpty: tokens.isEmpty && !nonEmpty, text: text, key: TextNormalizer.key(text)))
        }
        return result
    }

    /// Whether a line is only a page number (`第 1 页 共 9 页`, `第3页`, `- 3 -`, `3/9`, `Page 3 of 9`).
    static func isPageMark(_ text: String) -> Bool {
        guard text.utf8.count <= 40, text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        var shape = ""
        var lastWasDigit = false
        for scalar in text.unicodeScalars where scalar != " " {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                if !lastWasDigit { shape.append("9") }
                lastWasDigit = true
            } else {
                shape.unicodeScalars.append(scalar)
                lastWasDigit = false
            }
        }
        return ["第9页", "第9页共9页", "第9页/共9页", "-9-", "—9—", "9/9", "Page9", "Page9of9", "page9of9", "9", "共9页第9页"]
            .contains { shape.equalsBytes($0) } && shape != "9"
    }

    /// Tokens of one cell. A cell of a delimited line that is empty is a blank token; an empty
    /// one-cell line gives no token (it is a separator), but a one-cell line holding only a tab or
    /// a dash is a blank cell.
    static func tokenizeCell(_ raw: String, line: Int, delimited: Bool) -> [Token] {
        let cell = raw.trimmingSpaces()
        if cell.isEmpty {
            if delimited || raw.contains("\t") || (!raw.isEmpty) { return [.blank(line: line)] }
            return []
        }
        if cell.utf8.count <= 6, blankMarks.contains(cell) { return [.blank(line: line)] }
        if let number = wholeNumber(cell, line: line) { return [number] }
        return segment(cell, line: line)
    }

    /// A cell that is one number, possibly signed, with thousands separators, or with a unit.
    static func wholeNumber(_ cell: String, line: Int) -> Token? {
        guard let firstByte = cell.utf8.first, (firstByte >= 0x30 && firstByte <= 0x39) || firstByte == 0x2B || firstByte == 0x2D,
            cell.utf8.count <= 40
        else { return nil }
        // Fast path: plain digits, the usual cell.
        if cell.utf8.count <= 12, cell.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var token = Token(kind: .number, text: cell, line: line)
            token.digits = Substring(cell)
            return token
        }
        var scalars = Array(cell.unicodeScalars)
        var negative = false
        var plus = false
        if let first = scalars.first, first == "+" || first == "-" {
            negative = first == "-"
            plus = first == "+"
            scalars.removeFirst()
            while scalars.first == " " { scalars.removeFirst() }
        }
        _ = plus
        var digits = String.UnicodeScalarView()
        var index = 0
        var sawDot = false
        var sawComma = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.numericType == .decimal && scalar.value < 0x80 {
                digits.append(scalar)
            } else if scalar == "." && !sawDot && !digits.isEmpty && index + 1 < scalars.count
                && scalars[index + 1].value >= 0x30 && scalars[index + 1].value <= 0x39
            {
                sawDot = true
                digits.append(scalar)
            } else if scalar == "," && !sawDot && !digits.isEmpty {
                sawComma = true
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        var unitScalars = String.UnicodeScalarView()
        for scalar in scalars[index...] where scalar != " " { unitScalars.append(scalar) }
        let unit = String(unitScalars)
        if !unit.isEmpty && !["万元", "元", "件", "个", "项", "宗", "份", "亿元", "千元"].contains(unit) { return nil }
        if sawComma {
            // Only accept proper thousands grouping (1,234,567).
            let grouped = String(cell.unicodeScalars.filter { $0 != "+" && $0 != "-" && $0 != " " })
            let integerPart = grouped.split(separator: ".").first.map(String.init) ?? grouped
            let groups = integerPart.prefix { $0 != "万" && $0 != "元" && $0 != "件" }.split(separator: ",")
            guard groups.count > 1, groups.first!.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return nil
            }
        }
        var token = Token(kind: .number, text: cell, line: line)
        let digitString = String(digits)
        token.digits = Substring(digitString)
        token.negative = negative
        token.isDecimal = sawDot
        token.unit = unit.isEmpty ? nil : unit
        return token
    }

    /// Splits mixed text into text runs and numbers. Sub-item ordinals (`1.`, `2、`) stay with the
    /// label that follows; digits followed by a prose unit (`5件`, `2021年`) stay text. Works on
    /// UTF-8 bytes: digits and the marks that matter are ASCII once the text is width-folded.
    static func segment(_ cell: String, line: Int) -> [Token] {
        let bytes = Array(cell.utf8)
        let count = bytes.count
        var tokens: [Token] = []
        var textStart = 0

        @inline(__always) func isDigit(_ index: Int) -> Bool { index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        /// The scalar starting at `index`.
        func scalar(at index: Int) -> Unicode.Scalar? {
            guard index < count else { return nil }
            let lead = bytes[index]
            if lead < 0x80 { return Unicode.Scalar(lead) }
            var length = 0
            var value: UInt32 = 0
            if lead >= 0xF0 { length = 4; value = UInt32(lead & 0x07) }
            else if lead >= 0xE0 { length = 3; value = UInt32(lead & 0x0F) }
            else if lead >= 0xC0 { length = 2; value = UInt32(lead & 0x1F) }
            else { return nil }
            guard index + length <= count else { return nil }
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            return Unicode.Scalar(value)
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
            let text = String(decoding: bytes[start..<stop], as: UTF8.self)
            // Dashes or slashes standing alone between numbers mark blank cells: `0 0 - 0`.
            let pieces = text.utf8.count <= 24 && text.unicodeScalars.allSatisfy({ dashLike.contains($0) })
                ? text.split(separator: " ") : []
            if !pieces.isEmpty, pieces.allSatisfy({ blankMarks.contains(String($0)) }) {
                for _ in pieces { tokens.append(.blank(line: line)) }
                return
            }
            if let last = tokens.last, last.kind == .text || last.kind == .garbage {
                tokens[tokens.count - 1] = .text(last.text + " " + text, line: line)
            } else {
                tokens.append(classifyText(text, line: line))
            }
        }
        func number(_ start: Int, _ end: Int, negative: Bool, glued: Bool) -> Token {
            let string = String(decoding: bytes[start..<end], as: UTF8.self)
            var token = Token(kind: .number, text: string, line: line)
            token.digits = Substring(string)
            token.isDecimal = bytes[start..<end].contains(0x2E)
            token.negative = negative
            token.glued = glued
            return token
        }

        var index = 0
        while index < count {
            guard isDigit(index) else {
                index += 1
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
                token.unit = "元"
                unitEnd = decimalEnd + afterLength
            } else if let after, after == "万", afterNext == "元" {
                token.unit = "万元"
                unitEnd = decimalEnd + afterLength * 2
            }
            token.glued = glueLeft || (unitEnd < count && bytes[unitEnd] != 0x20)
            tokens.append(token)
            index = unitEnd
            textStart = unitEnd
        }
        emitText(count)
        return tokens
    }

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
