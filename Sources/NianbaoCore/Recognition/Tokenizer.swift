/// Splits cells into tokens: text, numbers (with units and signs), blanks and unreadable values.
enum Tokenizer {
    static let blankMarks: Set<String> = ["/", "-", "—", "——", "–", "－", "／", "\\", "—-", "--", "---"]
    /// Characters after digits that make them a count in prose (`5件`, `2021年`), not a table value.
    static let proseUnits: Set<Unicode.Scalar> = [
        "件", "宗", "条", "个", "份", "次", "人", "年", "月", "日", "号", "项", "家", "篇", "期", "天", "%", "‰",
        "余", "多", "名", "起", "部", "台", "场", "批", "类", "位", "张", "本", "页", "小", "分", "秒", "周", "届", "级",
        "倍", "户", "岁", "米", "所", "座", "单", "支", "组", "家",
    ]

    static func tokenize(_ lines: [SourceLine]) -> [TokenLine] {
        var result: [TokenLine] = []
        result.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let cells = line.cells.map { TextNormalizer.fold($0) }
            let nonEmpty = cells.contains { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
            let delimited = cells.count > 1
            var tokens: [Token] = []
            if delimited {
                for cell in cells { tokens += tokenizeCell(cell, line: index, delimited: true) }
            } else if let cell = cells.first {
                tokens = tokenizeCell(cell, line: index, delimited: false)
            }
            let text = cells.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
            result.append(TokenLine(
                index: index, tokens: tokens, isDelimited: delimited,
                isEmpty: tokens.isEmpty && !nonEmpty, text: text))
        }
        return result
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
        if blankMarks.contains(cell) { return [.blank(line: line)] }
        if let number = wholeNumber(cell, line: line) { return [number] }
        return segment(cell, line: line)
    }

    /// A cell that is one number, possibly signed, with thousands separators, or with a unit.
    static func wholeNumber(_ cell: String, line: Int) -> Token? {
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
    /// label that follows; digits followed by a prose unit (`5件`, `2021年`) stay text.
    static func segment(_ cell: String, line: Int) -> [Token] {
        let scalars = Array(cell.unicodeScalars)
        var tokens: [Token] = []
        var text = String.UnicodeScalarView()
        var textTouchesNext = false

        func flushText() {
            let string = String(text).trimmingSpaces()
            text.removeAll()
            guard !string.isEmpty else { return }
            if let last = tokens.last, last.kind == .text || last.kind == .garbage {
                tokens[tokens.count - 1] = .text(last.text + (textTouchesNext ? "" : " ") + string, line: line)
            } else {
                tokens.append(classifyText(string, line: line))
            }
            textTouchesNext = false
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let isDigit = scalar.value >= 0x30 && scalar.value <= 0x39
            if !isDigit {
                if scalar == " " {
                    flushText()
                } else {
                    if text.isEmpty, let last = tokens.last, last.kind == .text, index > 0, scalars[index - 1] != " " {
                        textTouchesNext = true
                    }
                    text.append(scalar)
                }
                index += 1
                continue
            }
            // A run of digits, maybe with a decimal part.
            var end = index
            while end < scalars.count, scalars[end].value >= 0x30 && scalars[end].value <= 0x39 { end += 1 }
            var decimalEnd = end
            if end + 1 < scalars.count, scalars[end] == ".", scalars[end + 1].value >= 0x30 && scalars[end + 1].value <= 0x39 {
                decimalEnd = end + 1
                while decimalEnd < scalars.count, scalars[decimalEnd].value >= 0x30 && scalars[decimalEnd].value <= 0x39 {
                    decimalEnd += 1
                }
            }
            let before: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            let after: Unicode.Scalar? = decimalEnd < scalars.count ? scalars[decimalEnd] : nil
            let afterNext: Unicode.Scalar? = decimalEnd + 1 < scalars.count ? scalars[decimalEnd + 1] : nil
            let glueLeft = before.map { $0 != " " && !isOpeningSign($0) } ?? false

            // An ordinal: digits followed by 、 or . and then a non-digit (`1.属于国家秘密`, `00000002.其他`).
            if decimalEnd == end, let after, after == "." || after == "、" || after == "．",
                afterNext.map({ !($0.value >= 0x30 && $0.value <= 0x39) }) ?? true
            {
                let runLength = end - index
                let ordinalLength = runLength >= 2 && scalars[end - 2] == "1" && scalars[end - 1] == "0" && runLength == 2 ? 2 : 1
                let valueEnd = end - ordinalLength
                if valueEnd > index {
                    flushText()
                    tokens.append(number(scalars[index..<valueEnd], line: line, negative: false, glued: true))
                }
                for position in valueEnd..<end { text.append(scalars[position]) }
                index = end
                continue
            }
            // Parenthesised digits are ordinals: (1), （2）.
            if let before, before == "(" || before == "（", let after, after == ")" || after == "）" {
                for position in index..<decimalEnd { text.append(scalars[position]) }
                index = decimalEnd
                continue
            }
            // Digits followed by a prose unit, or preceded by 第, are text.
            if let after, proseUnits.contains(after) || (after == "万" && afterNext != "元") {
                for position in index..<decimalEnd { text.append(scalars[position]) }
                index = decimalEnd
                continue
            }
            if let before, before == "第" || before.properties.isAlphabetic && before.value < 0x80 {
                for position in index..<decimalEnd { text.append(scalars[position]) }
                index = decimalEnd
                continue
            }
            flushText()
            var negative = false
            if let last = tokens.last, last.kind == .text, last.text == "-" || last.text == "+" {
                negative = last.text == "-"
                tokens.removeLast()
            }
            var token = number(scalars[index..<decimalEnd], line: line, negative: negative, glued: false)
            var unitEnd = decimalEnd
            if let after, after == "万" || after == "元" {
                let unit = after == "万" ? "万元" : "元"
                unitEnd = decimalEnd + unit.unicodeScalars.count
                token.unit = unit
            }
            let glueRight = unitEnd < scalars.count && scalars[unitEnd] != " "
            token.glued = glueLeft || glueRight
            tokens.append(token)
            index = unitEnd
        }
        flushText()
        return tokens
    }

    private static func isOpeningSign(_ scalar: Unicode.Scalar) -> Bool { scalar == "+" || scalar == "-" }

    private static func number(_ digits: ArraySlice<Unicode.Scalar>, line: Int, negative: Bool, glued: Bool) -> Token {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: digits)
        let string = String(view)
        var token = Token(kind: .number, text: string, line: line)
        token.digits = Substring(string)
        token.isDecimal = string.contains(".")
        token.negative = negative
        token.glued = glued
        return token
    }

    /// Short runs without any ideograph (`U`, `O`, `*`) are unreadable values, not labels.
    static func classifyText(_ text: String, line: Int) -> Token {
        let scalars = text.unicodeScalars
        if scalars.count <= 3, !scalars.contains(where: { TextNormalizer.isCJK($0) }),
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
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
