/// Finds the reporting body, the report year and the date printed on the report.
enum MetadataRecognizer {
    struct Metadata: Sendable {
        var organization: String?
        var organizationFromSignature = false
        var titleYear: Int?
        var textYear: Int?
        var published: (year: Int, month: Int, day: Int)?
        var titleLine: Int?
    }

    /// - Parameters:
    ///   - lines: the document's lines.
    ///   - firstHeading: the line of the first section heading, if any.
    ///   - section1: the text of section 一, where the year is usually stated.
    static func read(_ lines: [TokenLine], firstHeading: Int?, section1: String?) -> Metadata {
        var metadata = Metadata()
        let titleEnd = min(lines.count, firstHeading ?? min(lines.count, 12))
        for line in lines[0..<titleEnd] where !line.isEmpty {
            let text = stripMarkup(line.text)
            if metadata.titleYear == nil, let year = Int(text), (2000...2099).contains(year) {
                metadata.titleYear = year
                continue
            }
            let key = TextNormalizer.key(text)
            guard key.has("年度报告") || key.has("政府信息公开工作") || key.has("工作报告") else { continue }
            guard text.scalarCount <= 80 else { continue }
            metadata.titleLine = line.index
            if let (year, range) = firstYear(in: text) {
                metadata.titleYear = year
                let prefix = cleanOrganization(String(text[..<range.lowerBound]))
                if !prefix.isEmpty { metadata.organization = prefix }
            } else if let range = text.rangeOfBytes("政府信息公开") {
                let prefix = cleanOrganization(String(text[..<range.lowerBound]))
                if !prefix.isEmpty { metadata.organization = prefix }
            }
            break
        }
        // Signature: a date among the last lines, the body's name on the line before it.
        // The last six lines that are not empty (found from the end: copying every line to filter
        // them retained each line's strings).
        var tail: [TokenLine] = []
        for line in lines.reversed() where !line.isEmpty {
            tail.append(line)
            if tail.count == 6 { break }
        }
        tail.reverse()
        for line in tail.reversed() {
            let text = stripMarkup(line.text)
            guard text.scalarCount <= 40, let date = date(in: text) else { continue }
            metadata.published = (date.year, date.month, date.day)
            let before = cleanOrganization(String(text[..<date.range.lowerBound]))
            if metadata.organization == nil {
                if isOrganizationName(before) {
                    metadata.organization = before
                    metadata.organizationFromSignature = true
                } else if let index = tail.firstIndex(where: { $0.index == line.index }), index > tail.startIndex {
                    let previous = cleanOrganization(stripMarkup(tail[tail.index(before: index)].text))
                    if isOrganizationName(previous) {
                        metadata.organization = previous
                        metadata.organizationFromSignature = true
                    }
                }
            }
            break
        }
        metadata.textYear = textYear(section1 ?? lines.prefix(30).map(\.text).joined(separator: "\n"))
        return metadata
    }

    static func stripMarkup(_ text: String) -> String {
        var body = Substring(text.trimmingSpaces())
        while let first = body.first, first == "#" || first == "*" || first == ">" || first == " " { body = body.dropFirst() }
        while let last = body.last, last == "*" || last == " " { body = body.dropLast() }
        return String(body)
    }

    static func cleanOrganization(_ text: String) -> String {
        var result = String(text.unicodeScalars.filter { !$0.isSpaceLike }.map(Character.init))
        for prefix in ["关于"] where result.startsWithBytes(prefix) { result.removeFirst(prefix.count) }
        while let last = result.last, "：:，,、-—（(".contains(last) { result.removeLast() }
        return result
    }

    static let organizationSuffixes = [
        "局", "委员会", "办事处", "街道", "政府", "办公室", "中心", "院", "所", "镇", "乡", "街", "委", "署", "厅", "部", "会", "处",
        "站", "队", "馆", "办", "司", "社区", "管委会", "公司", "集团",
    ]

    static func isOrganizationName(_ text: String) -> Bool {
        guard text.scalarCount >= 3, text.scalarCount <= 40 else { return false }
        guard !text.has("。"), !text.has("，"), !text.has(",") else { return false }
        guard text.unicodeScalars.filter({ TextNormalizer.isCJK($0) }).count * 2 >= text.unicodeScalars.count else { return false }
        return organizationSuffixes.contains { text.endsWithBytes($0) }
    }

    /// The first `YYYY年` (spaces allowed: `2021 年`) in `text`. Works on Unicode scalars (a
    /// report's digits, spaces and 年 are one scalar each; stepping by `Character` cost a sizeable
    /// share of reading the metadata).
    static func firstYear(in text: String) -> (Int, Range<String.Index>)? {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if let (year, range, after) = year(at: index, in: scalars) {
                var cursor = after
                while cursor < scalars.endIndex, scalars[cursor] == " " { cursor = scalars.index(after: cursor) }
                if cursor < scalars.endIndex, scalars[cursor] == "年" { return (year, range) }
                index = after
            } else {
                index = scalars.index(after: index)
            }
        }
        return nil
    }

    @inline(__always)
    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    private static func year(at index: String.Index, in scalars: String.UnicodeScalarView) -> (Int, Range<String.Index>, String.Index)? {
        var end = index
        var digits = 0
        var year = 0
        while end < scalars.endIndex, isASCIIDigit(scalars[end]) {
            digits += 1
            if digits <= 4 { year = year * 10 + Int(scalars[end].value - 0x30) }
            end = scalars.index(after: end)
        }
        guard digits == 4, (1990...2099).contains(year) else { return nil }
        if index > scalars.startIndex, isASCIIDigit(scalars[scalars.index(before: index)]) { return nil }
        return (year, index..<end, end)
    }

    /// A date `2022年1月13日` (or with Chinese numerals, or `2022-01-13`) in `text`.
    static func date(in text: String) -> (year: Int, month: Int, day: Int, range: Range<String.Index>)? {
        // Every form has a month mark: 月 after 年, or the separator - . / itself.
        guard text.has("月") || text.utf8.contains(where: { $0 == 0x2D || $0 == 0x2E || $0 == 0x2F }) else { return nil }
        let normalized = chineseDigitsToASCII(text)
        let scalars = Array(normalized.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard let (year, afterYear) = readNumber(scalars, index, maxDigits: 4), year >= 1990, year <= 2099 else {
                index += 1
                continue
            }
            var cursor = afterYear
            func skipSpaces() { while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 } }
            skipSpaces()
            guard cursor < scalars.count, ["年", "-", ".", "/"].contains(scalars[cursor]) else {
                index = afterYear
                continue
            }
            let separator = scalars[cursor]
            cursor += 1
            skipSpaces()
            guard let (month, afterMonth) = readNumber(scalars, cursor, maxDigits: 2), (1...12).contains(month) else {
                index = afterYear
                continue
            }
            cursor = afterMonth
            skipSpaces()
            let monthSeparator: Unicode.Scalar = separator == "年" ? "月" : separator
            guard cursor < scalars.count, scalars[cursor] == monthSeparator else {
                index = afterYear
                continue
            }
            cursor += 1
            skipSpaces()
            guard let (day, afterDay) = readNumber(scalars, cursor, maxDigits: 2), (1...31).contains(day) else {
                index = afterYear
                continue
            }
            cursor = afterDay
            if separator == "年" {
                skipSpaces()
                guard cursor < scalars.count, scalars[cursor] == "日" || scalars[cursor] == "号" else {
                    index = afterYear
                    continue
                }
            }
            // Map the position back to the original text (same number of scalars).
            let original = text.unicodeScalars
            let textCount = text.scalarCount
            let start = original.index(original.startIndex, offsetBy: min(index, textCount))
            let end = original.index(original.startIndex, offsetBy: min(cursor + 1, textCount))
            return (year, month, day, start..<end)
        }
        return nil
    }

    private static func readNumber(_ scalars: [Unicode.Scalar], _ start: Int, maxDigits: Int) -> (Int, Int)? {
        var end = start
        var value = 0
        while end < scalars.count, end - start < maxDigits, isASCIIDigit(scalars[end]) {
            value = value * 10 + Int(scalars[end].value - 0x30)
            end += 1
        }
        return end > start ? (value, end) : nil
    }

    /// `二〇二二年一月十三日` → `2022年1月13日` (character count may differ only for 十-forms; kept simple).
    static func chineseDigitsToASCII(_ text: String) -> String {
        let digits: [Unicode.Scalar: Unicode.Scalar] = [
            "〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
            "八": "8", "九": "9",
        ]
        guard text.has("年") && text.has("月") && text.unicodeScalars.contains(where: { digits[$0] != nil }) else { return text }
        var out = String.UnicodeScalarView()
        let characters = Array(text.unicodeScalars)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "十" {
                let before = index > 0 ? digits[characters[index - 1]] : nil
                let after = index + 1 < characters.count ? digits[characters[index + 1]] : nil
                switch (before, after) {
                case (nil, nil): out.append("1"); out.append("0")
                case (nil, _?): out.append("1")
                case (_?, nil): out.append("0")
                case (_?, _?): break
                }
            } else if let digit = digits[character] {
                out.append(digit)
            } else {
                out.append(character)
            }
            index += 1
        }
        return String(out)
    }

    /// The report year as the text states it: a 统计期限 or the most frequent `YYYY年` that is
    /// not part of a full date.
    static func textYear(_ text: String) -> Int? {
        if let range = text.rangeOfBytes("统计期限"), let (year, _) = firstYear(in: String(text[range.upperBound...].prefix(20))) {
            return year
        }
        var counts: [Int: Int] = [:]
        var order: [Int] = []
        // On the UTF-8 bytes in place: the digits are ASCII and 年 is E5 B9 B4.
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            @inline(__always) func isDigit(_ position: Int) -> Bool { position < count && bytes[position] &- 0x30 < 10 }
            func isNian(_ position: Int) -> Bool {
                position + 2 < count && bytes[position] == 0xE5 && bytes[position + 1] == 0xB9 && bytes[position + 2] == 0xB4
            }
            var index = 0
            while index + 4 < count {
                // Most bytes are no digit: eight at a time while a word holds none, then one by one.
                if bytes[index] &- 0x30 >= 10 {
                    if index + 8 <= count, !UTF8Bytes.wordHoldsDigit(UnsafeRawPointer(bytes.baseAddress! + index)) {
                        index += 8
                    } else {
                        index += 1
                    }
                    continue
                }
                guard isDigit(index + 1), isDigit(index + 2), isDigit(index + 3), !isDigit(index + 4),
                    index == 0 || !isDigit(index - 1)
                else {
                    index += 1
                    continue
                }
                let year = (0..<4).reduce(0) { $0 * 10 + Int(bytes[index + $1] - 0x30) }
                var cursor = index + 4
                while cursor < count, bytes[cursor] == 0x20 { cursor += 1 }
                if (1990...2099).contains(year), isNian(cursor) {
                    var next = cursor + 3
                    while next < count, bytes[next] == 0x20 { next += 1 }
                    if !isDigit(next) {
                        if counts[year] == nil { order.append(year) }
                        counts[year, default: 0] += 1
                    }
                }
                index = cursor
            }
        }
        guard let best = counts.values.max() else { return nil }
        return order.first { counts[$0] == best }
    }
}
