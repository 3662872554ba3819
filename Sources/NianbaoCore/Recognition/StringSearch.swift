import Glibc

/// Substring search on UTF-8 bytes.
///
/// Foundation's `contains(_:)` and `range(of:)` fold character clusters through CFString and cost
/// microseconds per call; labels are matched thousands of times per report, so the recognizer
/// searches bytes instead (exact, which is what key-form matching needs).
extension String {
    /// Whether `fragment` occurs in the string, compared byte for byte.
    @inline(__always)
    func has(_ fragment: String) -> Bool { byteOffset(of: fragment) != nil }

    /// Whether the first character (Unicode scalar) of `fragment` occurs in the string; `true` for
    /// an empty fragment. Compared byte for byte, without making a string of the character.
    func hasFirstScalar(of fragment: String) -> Bool {
        var haystack = self
        var needle = fragment
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard let lead = pin.first else { return true }
                let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                return Self.byteOffset(of: UnsafeBufferPointer(rebasing: pin.prefix(length)), in: hay) != nil
            }
        }
    }

    /// The UTF-8 offset of the first occurrence of `fragment`.
    func byteOffset(of fragment: String) -> Int? {
        // Native strings are contiguous: searched in place, without a copy or a retain.
        let inPlace: Int?? = utf8.withContiguousStorageIfAvailable { hay -> Int?? in
            fragment.utf8.withContiguousStorageIfAvailable { pin in Self.byteOffset(of: pin, in: hay) }
        } ?? nil
        if let inPlace { return inPlace }
        var haystack = self
        var needle = fragment
        return haystack.withUTF8 { hay in needle.withUTF8 { pin in Self.byteOffset(of: pin, in: hay) } }
    }

    /// The offset of the first occurrence of `needle` in `haystack`. Checks the needle's first and
    /// last bytes before comparing the rest (a CJK needle's lead byte alone matches most positions).
    /// In a long haystack the candidates are found with `memchr` on the needle's last byte, which
    /// for Chinese is a continuation byte, present at few positions.
    static func byteOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard n > 0 else { return 0 }
        guard haystack.count >= n else { return nil }
        let first = needle[0]
        let lastOffset = n - 1
        let lastByte = needle[lastOffset]
        if haystack.count >= 64, let base = haystack.baseAddress {
            var position = lastOffset
            while position < haystack.count {
                guard let found = memchr(base + position, Int32(lastByte), haystack.count - position) else { return nil }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                let index = at - lastOffset
                if haystack[index] == first {
                    var offset = 1
                    while offset < lastOffset && haystack[index + offset] == needle[offset] { offset += 1 }
                    if offset >= lastOffset { return index }
                }
                position = at + 1
            }
            return nil
        }
        var index = 0
        let end = haystack.count - n
        while index <= end {
            if haystack[index] == first && haystack[index + lastOffset] == lastByte {
                var offset = 1
                while offset < lastOffset && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset >= lastOffset { return index }
            }
            index += 1
        }
        return nil
    }

    /// The range of the first occurrence of `fragment`.
    func rangeOfBytes(_ fragment: String) -> Range<String.Index>? {
        guard let offset = byteOffset(of: fragment) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        let end = utf8.index(start, offsetBy: fragment.utf8.count)
        return start..<end
    }
}

extension StringProtocol {
    /// Byte-wise prefix test (the standard `hasPrefix` compares canonical equivalence, slowly).
    @inline(__always)
    func startsWithBytes(_ prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard utf8.count >= count else { return false }
        return bytesEqual(prefix, at: 0, count: count) ?? utf8.starts(with: prefix.utf8)
    }

    /// Byte-wise suffix test.
    @inline(__always)
    func endsWithBytes(_ suffix: String) -> Bool {
        let count = suffix.utf8.count
        let total = utf8.count
        guard total >= count else { return false }
        return bytesEqual(suffix, at: total - count, count: count) ?? utf8.suffix(count).elementsEqual(suffix.utf8)
    }

    /// Byte-wise equality.
    @inline(__always)
    func equalsBytes(_ other: String) -> Bool {
        let count = other.utf8.count
        guard utf8.count == count else { return false }
        return bytesEqual(other, at: 0, count: count) ?? utf8.elementsEqual(other.utf8)
    }

    /// Whether the `count` bytes of `self` from byte `offset` are `other`'s first `count` bytes,
    /// compared with `memcmp` (the generic element-by-element comparison walked iterators);
    /// `nil` when either string's bytes are not contiguous (bridged strings), for the slow path.
    @inline(__always)
    private func bytesEqual(_ other: String, at offset: Int, count: Int) -> Bool? {
        guard count > 0 else { return true }
        let result: Bool?? = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                memcmp(mine.baseAddress! + offset, theirs.baseAddress!, count) == 0
            }
        }
        return result ?? nil
    }

    /// Number of Unicode scalars (cheap, unlike `count`, which segments graphemes).
    @inline(__always)
    var scalarCount: Int {
        // Every scalar has exactly one byte that is not a continuation byte (10xxxxxx): counted by
        // UTF8Bytes.scalarCount, branch-free so that it vectorizes (long prose lines are counted too).
        if let count = utf8.withContiguousStorageIfAvailable(UTF8Bytes.scalarCount) { return count }
        return unicodeScalars.count
    }
}

extension Unicode.Scalar {
    /// Whitespace as it occurs in reports: ASCII spaces and controls, ideographic and no-break spaces.
    @inline(__always)
    var isSpaceLike: Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000, 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0xFEFF: true
        default: false
        }
    }
}
