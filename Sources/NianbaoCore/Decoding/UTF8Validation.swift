/// Well-formed UTF-8 (the Unicode Standard's table 3-7), checked on bytes.
///
/// What `String(validating:as: UTF8.self)` accepts, without making the string: the checker reads
/// a UTF-8 file's lines straight from its bytes, so the only thing it needs of the whole text is
/// this answer. (Making the string validated every byte at about ten instructions each and copied
/// the text, for a string the layout reader then only read the bytes of.) ASCII is checked eight
/// bytes at a time; a Chinese character (three bytes) costs a few comparisons.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8: no stray continuation bytes, no overlong forms, no
    /// surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no sequence cut short at the end.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        @inline(__always) func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        var index = 0
        while index < count {
            let lead = base[index]
            // The usual Chinese character first: lead E1–EC, two continuation bytes.
            if lead &- 0xE1 < 0x0C, index + 2 < count,
                UnsafeRawPointer(base + index + 1).loadUnaligned(as: UInt16.self) & 0xC0C0 == 0x8080
            {
                index += 3
                continue
            }
            if lead < 0x80 {
                // ASCII: skip whole words of it.
                index += 1
                while index + 8 <= count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                continue
            }
            if lead < 0xC2 { return false }  // a continuation byte, or C0/C1 (overlong forms of ASCII)
            if lead < 0xE0 {
                guard index + 1 < count, isContinuation(base[index + 1]) else { return false }
                index += 2
                continue
            }
            if lead < 0xF0 {
                guard index + 2 < count else { return false }
                let second = base[index + 1]
                switch lead {
                case 0xE0: guard second >= 0xA0 && second <= 0xBF else { return false }  // overlong below U+0800
                case 0xED: guard second >= 0x80 && second <= 0x9F else { return false }  // surrogates
                default: guard isContinuation(second) else { return false }
                }
                guard isContinuation(base[index + 2]) else { return false }
                index += 3
                continue
            }
            guard lead <= 0xF4, index + 3 < count else { return false }
            let second = base[index + 1]
            switch lead {
            case 0xF0: guard second >= 0x90 && second <= 0xBF else { return false }  // overlong below U+10000
            case 0xF4: guard second >= 0x80 && second <= 0x8F else { return false }  // above U+10FFFF
            default: guard isContinuation(second) else { return false }
            }
            guard isContinuation(base[index + 2]), isContinuation(base[index + 3]) else { return false }
            index += 4
        }
        return true
    }
}
