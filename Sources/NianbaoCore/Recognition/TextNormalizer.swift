/// Width folding and the "key form" used to match labels whatever their punctuation and spacing.
enum TextNormalizer {
    /// Folds full-width ASCII (`０１２`, `（`, `：`) to ASCII, ideographic and no-break spaces to a
    /// space, and drops zero-width characters and byte-order marks.
    static func fold(_ text: Substring) -> String {
        // Fast path: nothing to fold unless a byte can start a full-width form, an odd space,
        // a zero-width mark or a minus sign (lead bytes C2, E2, E3, EF).
        var copy = text
        return copy.withUTF8 { foldedBytes($0) } ?? String(text)
    }

    /// UTF-8 `bytes` as a folded string, made in one pass.
    static func foldedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let number = smallNumber(bytes) { return number }
        return foldedBytes(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// `0` to `999` as strings, made once: the cells of a table are mostly such numbers, and taking
    /// one from here costs less than making (and validating) a string from bytes (18 k fewer
    /// instructions per seed report).
    private static let smallNumbers: [String] = (0..<1000).map { String($0) }

    /// The string of `bytes` when they are one to three ASCII digits without a leading zero (or `0`).
    @inline(__always)
    static func smallNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        guard count >= 1, count <= 3 else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        // `07` is not the string `7`.
        guard count == 1 || bytes[0] != 0x30 else { return nil }
        return smallNumbers[value]
    }

    /// The folded form of UTF-8 `bytes`, or `nil` when folding changes nothing. Works on bytes: the
    /// forms that fold all start with C2, E2, E3 or EF, and eight bytes with none of those are
    /// passed over (and copied) at once.
    static func foldedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        // Find the first byte sequence that folds; most text has none.
        var index = nextFoldLead(bytes, from: 0)
        while index < count, foldedLength(bytes, index) == nil { index = nextFoldLead(bytes, from: index + 1) }
        guard index < count else { return nil }
        let prefix = index
        return String(unsafeUninitializedCapacity: count) { output in
            let target = UnsafeMutableRawPointer(output.baseAddress!)
            target.copyMemory(from: base, byteCount: prefix)
            var written = prefix
            while index < count {
                // (Folding only drops bytes, so `written + 8 <= index + 8 <= count`, the capacity.)
                if index + 8 <= count, !wordMayFold(UnsafeRawPointer(base + index)) {
                    target.storeBytes(of: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self), toByteOffset: written, as: UInt64.self)
                    written += 8
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte >= 0xC2, let (length, replacement) = foldedLength(bytes, index) {
                    if replacement != 0 {
                        output[written] = replacement
                        written += 1
                    }
                    index += length
                } else {
                    output[written] = byte
                    written += 1
                    index += 1
                }
            }
            return written
        }
    }

    /// The first index at or after `index` whose byte is C2, E2, E3 or EF (the lead bytes of every
    /// form that folds and of every space beyond ASCII), or `bytes.count`; words holding none of
    /// them are passed over eight bytes at a time.
    @inline(__always)
    static func nextFoldLead(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var index = start
        while index < count {
            if index + 8 <= count, !wordMayFold(UnsafeRawPointer(base + index)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF { return index }
            index += 1
        }
        return count
    }

    /// Whether any of the eight bytes at `pointer` is C2, E2, E3 or EF, the lead bytes of every
    /// form that folds. (A byte of `x ^ b` is zero where `x` holds `b`, and a word holds a zero
    /// byte exactly when `(y - 0x0101…) & ~y & 0x8080…` is not zero.)
    @inline(__always)
    static func wordMayFold(_ pointer: UnsafeRawPointer) -> Bool {
        let word = pointer.loadUnaligned(as: UInt64.self)
        @inline(__always) func zeroBytes(_ y: UInt64) -> UInt64 { (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080 }
        return zeroBytes(word ^ 0xC2C2_C2C2_C2C2_C2C2) | zeroBytes(word ^ 0xE2E2_E2E2_E2E2_E2E2)
            | zeroBytes(word ^ 0xE3E3_E3E3_E3E3_E3E3) | zeroBytes(word ^ 0xEFEF_EFEF_EFEF_EFEF) != 0
    }

    /// For a sequence at `index` that folds: its length and its ASCII replacement (0 to drop it).
    @inline(__always)
    private static func foldedLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Int, UInt8)? {
        let lead = bytes[index]
        let count = bytes.count
        if lead == 0xC2 {
            guard index + 1 < count else { return nil }
            let next = bytes[index + 1]
            if next == 0xA0 { return (2, 0x20) }
            if next == 0xAD { return (2, 0) }
            return nil
        }
        guard lead == 0xE2 || lead == 0xE3 || lead == 0xEF, index + 2 < count else { return nil }
        let second = bytes[index + 1]
        let third = bytes[index + 2]
        switch lead {
        case 0xE2:
            if second == 0x80 {
                if third >= 0x82 && third <= 0x8A { return (3, 0x20) }  // U+2002…U+200A
                if third >= 0x8B && third <= 0x8D { return (3, 0) }  // zero-width
                if third == 0xAF { return (3, 0x20) }  // U+202F
            } else if second == 0x81 && third == 0x9F {
                return (3, 0x20)  // U+205F
            } else if second == 0x88 && third == 0x92 {
                return (3, 0x2D)  // U+2212 minus
            }
            return nil
        case 0xE3:
            return second == 0x80 && third == 0x80 ? (3, 0x20) : nil  // U+3000
        default:
            if second == 0xBC && third >= 0x81 && third <= 0xBF { return (3, 0x20 + (third & 0x3F)) }  // U+FF01…FF3F
            if second == 0xBD && third >= 0x80 && third <= 0x9E { return (3, 0x60 + (third & 0x3F)) }  // U+FF40…FF5E
            if second == 0xBB && third == 0xBF { return (3, 0) }  // byte-order mark
            return nil
        }
    }

    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    static func fold(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { foldedBytes($0) } ?? text
    }

    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        if value < 0x80 { return scalar }
        switch value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(value - 0xFEE0)
        case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F, 0x205F: return " "
        case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD: return nil
        case 0x2014, 0x2015, 0x2013, 0x2212, 0xFE63: return value == 0x2212 ? "-" : scalar
        case 0x3002: return scalar
        default: return scalar
        }
    }

    /// The key form: folded, with every space and punctuation mark removed. `（二）部分公开（区分处理的，…）`
    /// and `(二) 部分公开(区分处理的, …)` have the same key.
    static func key(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            // A text that is its own key form (a label without spaces or punctuation) is returned
            // as it is: no new string.
            isOwnKey(bytes) ? text : key(of: bytes)
        }
    }

    /// Whether ``key(of:)`` keeps every byte of `bytes`: ASCII letters and digits and ideographs only.
    /// (`false` for some texts that are their own key, rarer ideographs: those take the usual way.)
    @inline(__always)
    private static func isOwnKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                guard UTF8Bytes.isASCIIAlphanumeric(lead) else { return false }
                index += 1
            } else if index + 2 < count, (lead >= 0xE5 && lead <= 0xE9) || (lead == 0xE4 && bytes[index + 1] >= 0xB8) {
                // U+4E00…U+9FFF (E4 B8 80 to E9 BF BF): ideographs.
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// The key form of UTF-8 `bytes` (see ``key(_:)``), decoded on bytes.
    static func key(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { output in writeKey(of: bytes, to: output.baseAddress!) }
    }

    /// Appends the key form of `text` (see ``key(_:)``) to `buffer` as UTF-8, without making a
    /// string of it: for callers that join the keys of many lines and only search the bytes.
    static func appendKey(of text: String, to buffer: inout [UInt8]) {
        withKey(of: text) { buffer.append(contentsOf: $0) }
    }

    /// Calls `body` with the key form of `text` (see ``key(_:)``) as UTF-8 in a temporary buffer,
    /// without making a string of it: for callers that only search or compare the key (a section's
    /// text runs to thousands of bytes, and making and validating its key string cost as much as
    /// computing it).
    static func withKey<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8 { withKey(of: $0, body) }
    }

    /// ``withKey(of:_:)-(String,_)`` for text given as UTF-8 bytes.
    static func withKey<Result>(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { buffer in
            let length = bytes.isEmpty ? 0 : writeKey(of: bytes, to: buffer.baseAddress!)
            return body(UnsafeBufferPointer(rebasing: buffer[..<length]))
        }
    }

    /// Writes the key form of `bytes` to `output` (room for `bytes.count` bytes) and returns its length.
    private static func writeKey(of bytes: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) -> Int {
        let count = bytes.count
        var written = 0
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if UTF8Bytes.isASCIIAlphanumeric(lead) {
                    output[written] = lead
                    written += 1
                }
                index += 1
                continue
            }
            if lead >= 0xE5 && lead <= 0xE9 && index + 2 < count {
                // U+5000…U+9FFF: ideographs, the bulk of a report; copied as they are.
                output[written] = lead
                output[written + 1] = bytes[index + 1]
                output[written + 2] = bytes[index + 2]
                written += 3
                index += 3
                continue
            }
            guard let (value, length) = UTF8Bytes.scalar(in: bytes, at: index) else {
                index += 1
                continue
            }
            if value >= 0xFF10 && value <= 0xFF5A {
                // Full-width letters and digits fold to ASCII.
                let ascii = UInt8(value - 0xFEE0)
                if UTF8Bytes.isASCIIAlphanumeric(ascii) {
                    output[written] = ascii
                    written += 1
                }
            } else if isCJK(value) {
                for offset in 0..<length { output[written + offset] = bytes[index + offset] }
                written += length
            }
            index += length
        }
        return written
    }

    @inline(__always)
    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return UTF8Bytes.isASCIIAlphanumeric(UInt8(value)) }
        return isCJK(scalar)
    }

    /// Whether `scalar` is a CJK ideograph.
    @inline(__always)
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool { isCJK(scalar.value) }

    /// Whether the scalar value `value` is a CJK ideograph.
    @inline(__always)
    static func isCJK(_ value: UInt32) -> Bool {
        return (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x20000 && value <= 0x2FA1F) || (value >= 0xF900 && value <= 0xFAFF)
    }

    /// Number of characters (scalars) other than whitespace (``Swift/Unicode/Scalar/isSpaceLike``).
    /// Scalars and ASCII white space are counted in one loop the compiler vectorizes; the other
    /// spaces all start with C2, E2, E3 or EF, looked at only where a word holds one of those.
    static func nonWhitespaceCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var scalars = 0
            var spaces = 0
            for byte in bytes {
                scalars &+= byte & 0xC0 != 0x80 ? 1 : 0
                spaces &+= byte == 0x20 || (byte &- 0x09) < 5 ? 1 : 0
            }
            var index = nextFoldLead(bytes, from: 0)
            while index < bytes.count {
                let (value, length) = UTF8Bytes.scalar(in: bytes, at: index) ?? (0, 1)
                if Unicode.Scalar(value)?.isSpaceLike == true { spaces += 1 }
                index = nextFoldLead(bytes, from: index + length)
            }
            return scalars - spaces
        }
    }

    /// Whether every character of `text` is whitespace.
    static func isBlank(_ text: Substring) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isSpaceLike || fold($0) == nil || fold($0) == " " }
    }
}
