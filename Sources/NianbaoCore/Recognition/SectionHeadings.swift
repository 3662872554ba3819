/// Recognises the six section headings, their real-world wordings, and pre-2019 headings.
enum SectionHeadings {
    /// A heading found in the text.
    struct Match: Sendable, Hashable {
        /// 1…6.
        var number: Int
        /// The heading as written, without ordinal and markup.
        var heading: String
        /// Whether the wording is the template's or a known variant.
        var isKnownWording: Bool
        /// Whether the ordinal was written (`二、`) rather than inferred from the words alone.
        var hasOrdinal: Bool
    }

    /// Known wordings (key form) of each section heading.
    static let knownWordings: [Int: [String]] = [
        1: ["总体情况"],
        2: ["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
        3: ["收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"],
        4: ["政府信息公开行政复议行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况",
            "政府信息公开行政复议行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"],
        5: ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况"],
        6: ["其他需要报告的事项"],
    ]

    /// Keywords (key form) that identify a section when the wording is unusual.
    static let keywords: [Int: [String]] = [
        1: ["总体情况", "概述", "基本情况"],
        2: ["主动公开"],
        3: ["收到和处理", "申请情况", "依申请公开"],
        4: ["复议", "诉讼"],
        5: ["问题", "改进"],
        6: ["其他需要报告", "其他事项", "需要报告"],
    ]

    /// Pre-2019 headings (key form fragments).
    static let legacyMarkers = ["概述", "依申请公开政府信息和不予公开", "收费及减免"]

    /// Known wordings (key form) to their section number.
    static let wordingNumbers: [String: Int] = {
        var numbers: [String: Int] = [:]
        for (number, wordings) in knownWordings {
            for wording in wordings { numbers[wording] = number }
        }
        return numbers
    }()

    /// ``knownWordings`` and ``keywords`` by section number (index 0 unused), and every known
    /// wording with its number: looked up without hashing. (Hashing a `String` key normalises it,
    /// which made these lookups a tenth of the cost of matching a heading.)
    private static let wordingsByNumber: [[String]] = (0...6).map { knownWordings[$0] ?? [] }
    private static let keywordsByNumber: [[String]] = (0...6).map { keywords[$0] ?? [] }
    private static let allWordings: [(wording: String, number: Int)] = wordingNumbers.map { ($0.key, $0.value) }

    /// The section number of an ordinal 一…六.
    @inline(__always)
    static func ordinal(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x4E00: 1
        case 0x4E8C: 2
        case 0x4E09: 3
        case 0x56DB: 4
        case 0x4E94: 5
        case 0x516D: 6
        default: nil
        }
    }

    /// Whether `scalar` separates an ordinal from the heading's words: 、 . ． , ， : ： or a space.
    @inline(__always)
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3001, 0x2E, 0xFF0E, 0x2C, 0xFF0C, 0x3A, 0xFF1A, 0x20: true
        default: false
        }
    }

    /// Whether `text` may hold a heading, decided on its bytes: most lines are no heading, and this
    /// is all that is asked of them. After leading white space and markup (`#`, `*`, `>`, spaces),
    /// as ``matchAnyLine(_:)`` strips them: an ordinal and a separator (`二、`), or 第, an ordinal and
    /// 部分 (`第二部分`); or, starting otherwise, a key form that is a known wording (only a known
    /// wording alone is a heading without an ordinal), looked at only when the text holds 况 or 项,
    /// with which every wording ends. ``match(_:)`` finds no heading where this says none.
    /// (Until stop 23 the last case asked for at most 60 bytes instead of comparing the key, which
    /// turned away the longest wording, 因政府信息公开工作被申请行政复议、提起行政诉讼情况, 75 bytes,
    /// written without its ordinal.)
    static func mayBeHeading(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { mayBeHeading(bytes: $0) }
    }

    /// The index after the markup a heading may start with (`#`, `*`, `>`, spaces), which the quick
    /// test and the full search both skip.
    @inline(__always)
    private static func afterLeadingMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count, bytes[index] == 0x23 || bytes[index] == 0x2A || bytes[index] == 0x20 || bytes[index] == 0x3E {
            index += 1
        }
        return index
    }

    /// The scalar of `bytes` at `index` and the index after it, or `nil` past the end: how the quick
    /// test and the full search both read ordinals and separators.
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        guard let (value, length) = UTF8Bytes.scalar(in: bytes, at: index), let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, index + length)
    }

    /// ``mayBeHeading(_:)`` on the line's UTF-8 bytes.
    @inline(__always)
    static func mayBeHeading(bytes whole: UnsafeBufferPointer<UInt8>) -> Bool {
        // White space as `trimmingSpaces()` sees it, then markup as `matchAnyLine` strips it.
        let bytes = UTF8Bytes.trimmingSpaces(whole)
        guard let (first, second) = scalar(in: bytes, at: afterLeadingMarkup(bytes)) else { return false }
        if ordinal(first) != nil { return scalar(in: bytes, at: second).map { isSeparator($0.0) } ?? false }
        // 第, then an ordinal and 部分: not 第二十条, which heads table 二's blocks.
        if first == "第" {
            guard let (next, part) = scalar(in: bytes, at: second), ordinal(next) != nil else { return false }
            return UTF8Bytes.contains("部分", in: UnsafeBufferPointer(rebasing: bytes[part..<min(part + 6, bytes.count)]))
        }
        guard bytes.count >= 12, holdsEndOfWording(bytes) else { return false }
        return TextNormalizer.withKey(of: bytes) { key in allWordingBytes.contains { $0.wording.elementsEqual(key) } }
    }

    /// Whether `bytes` hold 况 (E5 86 B5) or 项 (E9 A1 B9): candidates found with `memchr` on the last
    /// byte, a continuation byte that few positions hold (a loop over every byte cost three times as much).
    @inline(__always)
    private static func holdsEndOfWording(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func holds(_ lead: UInt8, _ middle: UInt8, _ last: UInt8) -> Bool {
            var from = 2
            while let index = UTF8Bytes.firstIndex(of: last, in: bytes, from: from) {
                if bytes[index - 1] == middle && bytes[index - 2] == lead { return true }
                from = index + 1
            }
            return false
        }
        return bytes.count >= 3 && (holds(0xE5, 0x86, 0xB5) || holds(0xE9, 0xA1, 0xB9))
    }

    /// The heading at the start of `text`, if any.
    static func match(_ text: String) -> Match? {
        var text = text
        return text.withUTF8 { match(bytes: $0) }
    }

    /// ``match(_:)`` on the line's UTF-8 bytes.
    static func match(bytes: UnsafeBufferPointer<UInt8>) -> Match? {
        // Most lines are turned away by the quick test.
        guard mayBeHeading(bytes: bytes) else { return nil }
        return matchAnyLine(bytes: bytes)
    }

    /// ``match(_:)`` without the quick test of ``mayBeHeading(_:)``: every line is looked at in full.
    static func matchAnyLine(_ text: String) -> Match? {
        var text = text
        return text.withUTF8 { matchAnyLine(bytes: $0) }
    }

    /// ``matchAnyLine(_:)`` on the line's UTF-8 bytes. Read on the bytes, the key form lent in a
    /// temporary buffer: strings are made only for the heading found. (Written on a `Substring`'s
    /// scalars until stop 24, about 6,000 instructions a line; the tests keep that version as the
    /// reference this one must agree with.)
    static func matchAnyLine(bytes whole: UnsafeBufferPointer<UInt8>) -> Match? {
        let trimmed = UTF8Bytes.trimmingSpaces(whole)
        // Markup before (`#`, `*`, `>`, spaces) and after (`*`, spaces, a colon).
        let start = afterLeadingMarkup(trimmed)
        var end = trimmed.count
        while end > start {
            let last = trimmed[end - 1]
            if last == 0x2A || last == 0x20 || last == 0x3A {
                end -= 1
            } else if end - start >= 3, last == 0x9A, trimmed[end - 2] == 0xBC, trimmed[end - 3] == 0xEF {
                end -= 3  // ：
            } else {
                break
            }
        }
        let body = UnsafeBufferPointer(rebasing: trimmed[start..<end])
        // At most 60 characters: 60 bytes are certainly few enough, more than 240 certainly too many.
        guard !body.isEmpty, body.count <= 60 || (body.count <= 240 && UTF8Bytes.scalarCount(body) <= 60) else { return nil }
        var number: Int? = nil
        var restStart = 0
        if let (first, second) = scalar(in: body, at: 0) {
            if let ordinal = ordinal(first) {
                if let (separator, after) = scalar(in: body, at: second), isSeparator(separator) {
                    number = ordinal
                    restStart = after
                }
            } else if first == "第", let (next, third) = scalar(in: body, at: second), let ordinal = ordinal(next),
                UTF8Bytes.scalarCount(body) > 3,
                UTF8Bytes.startsWith("部分", in: UnsafeBufferPointer(rebasing: body[third...]))
            {
                number = ordinal
                restStart = third + "部分".utf8.count
            }
        }
        let rest = UnsafeBufferPointer(rebasing: body[restStart...])
        return TextNormalizer.withKey(of: rest) { key -> Match? in
            guard !key.isEmpty else { return nil }
            if let number {
                if let wording = wordingBytesByNumber[number].first(where: { UTF8Bytes.startsWith($0, in: key) }) {
                    // A heading glued to what follows (web text) is cut after its wording.
                    let length = wording.withUnsafeBufferPointer { UTF8Bytes.scalarCount($0) }
                    return Match(number: number, heading: cut(bytes: rest, keyLength: length), isKnownWording: true, hasOrdinal: true)
                }
                guard UTF8Bytes.scalarCount(key) <= 30, keywordBytesByNumber[number].contains(where: { UTF8Bytes.contains($0, in: key) })
                else { return nil }
                if number == 3 && UTF8Bytes.contains("本年度办理结果", in: key) { return nil }
                return Match(number: number, heading: trimmedString(rest), isKnownWording: false, hasOrdinal: true)
            }
            guard let candidate = allWordingBytes.first(where: { $0.wording.elementsEqual(key) })?.number else { return nil }
            return Match(number: candidate, heading: trimmedString(rest), isKnownWording: true, hasOrdinal: false)
        }
    }

    /// ``wordingsByNumber`` and ``keywordsByNumber`` as UTF-8, and every known wording with its number.
    private static let wordingBytesByNumber: [[[UInt8]]] = wordingsByNumber.map { $0.map { Array($0.utf8) } }
    private static let keywordBytesByNumber: [[[UInt8]]] = keywordsByNumber.map { $0.map { Array($0.utf8) } }
    private static let allWordingBytes: [(wording: [UInt8], number: Int)] = allWordings.map { (Array($0.wording.utf8), $0.number) }

    /// `bytes` without surrounding white space, as a string.
    private static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UTF8Bytes.trimmingSpaces(bytes), as: UTF8.self)
    }

    /// Words without which a line cannot be a pre-2019 heading: ``isLegacy(_:)`` needs one of them
    /// in the text itself, so they are looked for in the text, not its key form.
    static let legacyTriggers = FragmentSet(["概述", "不予公开", "减免"])

    /// Whether a heading-like line is a pre-2019 heading.
    static func isLegacy(_ text: String) -> Bool {
        guard text.has("概述") || text.has("不予公开") || text.has("减免") else { return false }
        let trimmed = text.trimmingSpaces()
        guard trimmed.scalarCount <= 40 else { return false }
        let key = TextNormalizer.key(trimmed)
        if key.endsWithBytes("概述") && key.scalarCount <= 4 { return true }
        return legacyMarkers.dropFirst().contains { key.has($0) }
    }

    /// The prefix of `text` whose key form has `keyLength` characters, with a closing bracket that
    /// follows it. Decoded from the UTF-8 bytes (stepping a `Substring`'s scalars cost about 150
    /// instructions a character).
    static func cut(_ text: Substring, keyLength: Int) -> String {
        var text = text
        return text.withUTF8 { cut(bytes: $0, keyLength: keyLength) }
    }

    /// ``cut(_:keyLength:)`` on valid UTF-8 `bytes`.
    static func cut(bytes: UnsafeBufferPointer<UInt8>, keyLength: Int) -> String {
        @inline(__always) func scalar(at index: Int) -> (Unicode.Scalar, Int) {
            // The bytes are valid UTF-8: a scalar starts at every index asked for.
            let (value, length) = UTF8Bytes.scalar(in: bytes, at: index) ?? (UInt32(bytes[index]), 1)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
        }
        var count = 0
        var end = 0
        while end < bytes.count {
            let (current, length) = scalar(at: end)
            if let folded = TextNormalizer.fold(current), TextNormalizer.isKeyScalar(folded) { count += 1 }
            end += length
            if count == keyLength { break }
        }
        var heading = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self).trimmingSpaces()
        // Keep a closing bracket or the like that ends the wording.
        if end < bytes.count {
            let (next, _) = scalar(at: end)
            if next == "）" || next == ")" { heading.unicodeScalars.append(next) }
        }
        return heading
    }
}
