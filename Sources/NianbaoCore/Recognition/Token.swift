/// One piece of a cell: text, a number, a blank cell or an unreadable value.
struct Token: Sendable {
    enum Kind: Sendable { case text, number, blank, garbage }

    var kind: Kind
    /// The folded text of the token.
    var text: String
    /// Index of the source line.
    var line: Int
    /// For numbers whose digits differ from ``text`` (a sign, separators or a unit around them).
    var separateDigits: String? = nil
    /// For numbers: the digits (with a decimal point for decimals), without sign. Most number
    /// tokens are their digits, so those share ``text`` and copying a token retains one string less.
    var digits: Substring {
        get { if let separateDigits { Substring(separateDigits) } else { kind == .number ? Substring(text) : "" } }
        set { separateDigits = newValue.utf8.elementsEqual(text.utf8) ? nil : String(newValue) }
    }
    var negative = false
    var isDecimal = false
    /// A unit written after the number (`万元`, `元`, `件` …), as its index in
    /// ``Tokenizer/wholeNumberUnits``: a plain value, so copying a token retains no string for it.
    var unitIndex: UInt8? = nil
    /// The unit written after the number, if any.
    var unit: String? { unitIndex.map { Tokenizer.wholeNumberUnits[Int($0)] } }
    /// Whether the digits touch text with no separator, so several cells may have run together.
    var glued = false
    /// The cell's index within a delimited line (-1 for one-cell lines).
    var column = -1

    static func text(_ text: String, line: Int) -> Token { Token(kind: .text, text: text, line: line) }
    static func blank(line: Int) -> Token { Token(kind: .blank, text: "", line: line) }

    /// The integer value of a number token without a decimal part.
    var integer: Int? {
        guard kind == .number, !isDecimal, let value = Self.parseDigits(separateDigits ?? text) else { return nil }
        return negative ? -value : value
    }

    /// The value of 1 to 12 ASCII digits, or `nil` for anything else. (What `Int(_:)` gives for
    /// such digits, read straight from the bytes: no substring is made.)
    static func parseDigits(_ digits: String) -> Int? {
        var value = 0
        var count = 0
        for byte in digits.utf8 {
            guard byte >= 0x30 && byte <= 0x39, count < 12 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            count += 1
        }
        return count > 0 ? value : nil
    }

    /// The token's text in key form (punctuation and spaces removed).
    var key: String { TextNormalizer.key(text) }
}

/// A source line as tokens.
struct TokenLine: Sendable {
    var index: Int
    var tokens: [Token]
    /// Whether the line came as several cells (tabs, pipes, aligned columns, a table row), so that
    /// cell positions are meaningful and one line holds one table row.
    var isDelimited: Bool
    /// Whether the line was empty (a separator between groups of one-cell lines).
    var isEmpty: Bool
    /// The line's text, cells joined by a space.
    var text: String
    /// The line's text in key form (no spaces or punctuation). Computed on each use: most lines
    /// are never asked for it (storing it for every line cost about 4% of a check); callers that
    /// use it more than once keep it in a local.
    var key: String { TextNormalizer.key(text) }

    /// Whether the line's key form holds one of `fragments` (key form). The key form only drops
    /// characters, so it is computed only when the text holds the first character of a fragment.
    @inline(__always)
    func keyHasAny(_ fragments: [String]) -> Bool {
        guard fragments.contains(where: { text.hasFirstScalar(of: $0) }) else { return false }
        let key = self.key
        return fragments.contains { key.has($0) }
    }
}
