/// Width folding and the "key form" used to match labels whatever their punctuation and spacing.
enum TextNormalizer {
    /// Folds full-width ASCII (`０１２`, `（`, `：`) to ASCII, ideographic and no-break spaces to a
    /// space, and drops zero-width characters and byte-order marks.
    static func fold(_ text: Substring) -> String {
        // Fast path: nothing to fold unless a byte can start a full-width form, an odd space,
        // a zero-width mark or a minus sign (lead bytes C2, E2, E3, EF).
        if !text.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 || $0 == 0xE3 || $0 == 0xEF }) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let folded = fold(scalar) else { continue }
            append(folded, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
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

    static func fold(_ text: String) -> String { fold(text[...]) }

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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let folded = fold(scalar), isKeyScalar(folded) else { continue }
            append(folded, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
        }
        return isCJK(scalar)
    }

    /// Whether `scalar` is a CJK ideograph.
    @inline(__always)
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x20000 && value <= 0x2FA1F) || (value >= 0xF900 && value <= 0xFAFF)
    }

    /// Number of characters other than whitespace.
    static func nonWhitespaceCount(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars where !scalar.isSpaceLike { count += 1 }
        return count
    }

    /// Whether every character of `text` is whitespace.
    static func isBlank(_ text: Substring) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isSpaceLike || fold($0) == nil || fold($0) == " " }
    }
}
