/// Well-formed UTF-8 (the Unicode Standard's table 3-7), checked on bytes.
///
/// What `String(validating:as: UTF8.self)` accepts, without making the string: the checker reads
/// a UTF-8 file's lines straight from its bytes, so what it needs of the whole text is this answer
/// and the counts that tell text from binary (``TextDecoder/scalarAndControlCounts(_:)``), taken in
/// the same pass. (Making the string validated every byte at about ten instructions each and copied
/// the text, for a string the layout reader then only read the bytes of.) ASCII is checked eight
/// bytes at a time; a Chinese character (three bytes) costs a few comparisons.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8: no stray continuation bytes, no overlong forms, no
    /// surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no sequence cut short at the end.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { validatedCounts(bytes) != nil }

    /// `nil` when `bytes` are not well-formed UTF-8 (see ``isValid(_:)``); otherwise the number of
    /// scalars and of controls as ``TextDecoder/scalarAndControlCounts(_:)`` counts them (controls
    /// other than tab, LF, CR and form feed, DEL, and U+FFFD).
    static func validatedCounts(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Int, controls: Int)? {
        guard let base = bytes.baseAddress else { return (0, 0) }
        let count = bytes.count
        @inline(__always) func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        @inline(__always) func isControl(_ byte: UInt8) -> Bool {
            (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C) || byte == 0x7F
        }
        var scalars = 0
        var controls = 0
        var index = 0
        while index < count {
            let lead = base[index]
            // The usual Chinese character first: lead E1–EC, two continuation bytes.
            if lead &- 0xE1 < 0x0C, index + 2 < count,
                UnsafeRawPointer(base + index + 1).loadUnaligned(as: UInt16.self) & 0xC0C0 == 0x8080
            {
                scalars += 1
                index += 3
                continue
            }
            if lead < 0x80 {
                scalars += 1
                if isControl(lead) { controls += 1 }
                index += 1
                // ASCII: whole words of it. A word with a byte below 0x20 (tabs and line feeds
                // among them) or DEL is counted byte by byte.
                while index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    guard word & 0x8080_8080_8080_8080 == 0 else { break }
                    let low = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                    let delete = ((word ^ 0x7F7F_7F7F_7F7F_7F7F) &- 0x0101_0101_0101_0101) & ~(word ^ 0x7F7F_7F7F_7F7F_7F7F)
                        & 0x8080_8080_8080_8080
                    if low | delete != 0 {
                        for offset in 0..<8 where isControl(base[index + offset]) { controls += 1 }
                    }
                    scalars += 8
                    index += 8
                }
                continue
            }
            if lead < 0xC2 { return nil }  // a continuation byte, or C0/C1 (overlong forms of ASCII)
            if lead < 0xE0 {
                guard index + 1 < count, isContinuation(base[index + 1]) else { return nil }
                scalars += 1
                index += 2
                continue
            }
            if lead < 0xF0 {
                guard index + 2 < count else { return nil }
                let second = base[index + 1]
                switch lead {
                case 0xE0: guard second >= 0xA0 && second <= 0xBF else { return nil }  // overlong below U+0800
                case 0xED: guard second >= 0x80 && second <= 0x9F else { return nil }  // surrogates
                default: guard isContinuation(second) else { return nil }
                }
                let third = base[index + 2]
                guard isContinuation(third) else { return nil }
                // U+FFFD (EF BF BD), what a broken byte was decoded to somewhere before.
                if lead == 0xEF && second == 0xBF && third == 0xBD { controls += 1 }
                scalars += 1
                index += 3
                continue
            }
            guard lead <= 0xF4, index + 3 < count else { return nil }
            let second = base[index + 1]
            switch lead {
            case 0xF0: guard second >= 0x90 && second <= 0xBF else { return nil }  // overlong below U+10000
            case 0xF4: guard second >= 0x80 && second <= 0x8F else { return nil }  // above U+10FFFF
            default: guard isContinuation(second) else { return nil }
            }
            guard isContinuation(base[index + 2]), isContinuation(base[index + 3]) else { return nil }
            scalars += 1
            index += 4
        }
        return (scalars, controls)
    }
}
