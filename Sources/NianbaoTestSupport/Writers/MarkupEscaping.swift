/// Escaping of text for XML and HTML.
enum MarkupEscaping {
    /// `text` with `&`, `<`, `>` and `"` as character references.
    static func escape<S: StringProtocol>(_ text: S) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` cut into pieces of at most `length` characters (`length` ≤ 0: one piece).
    static func pieces(_ text: String, length: Int) -> [Substring] {
        guard length > 0, text.count > length else { return [text[...]] }
        var result: [Substring] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text.index(start, offsetBy: length, limitedBy: text.endIndex) ?? text.endIndex
            result.append(text[start..<end])
            start = end
        }
        return result
    }
}
