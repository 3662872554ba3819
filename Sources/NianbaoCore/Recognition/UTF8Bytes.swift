import Glibc

/// Small helpers for code that reads UTF-8 bytes directly (the layout reader, the tokenizer and
/// the key form), so that each decodes scalars and trims white space the same way.
enum UTF8Bytes {
    /// The length in bytes of the UTF-8 sequence that `lead` starts: 1 for ASCII, 2, 3 or 4 for a
    /// lead byte. A continuation byte (never at the start of a character in valid UTF-8) counts 1,
    /// so that a scan stepping by characters steps over it.
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int { lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }

    /// Whether `bytes` holds `byte` (glibc's `memchr`, which compares many bytes at a time).
    @inline(__always)
    static func contains(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, Int32(byte), bytes.count) != nil
    }

    /// The offset of the first `byte` in `bytes` at or after `start`, or `nil`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Whether `bytes` holds the sequence `needle`: candidates found with `memchr` on its first byte.
    /// (`memmem` is a GNU extension Swift's Glibc module does not export.)
    @inline(__always)
    static func contains(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
        var from = 0
        while let found = firstIndex(of: pattern[0], in: bytes, from: from) {
            guard found + count <= bytes.count else { return false }
            var offset = 1
            while offset < count && bytes[found + offset] == pattern[offset] { offset += 1 }
            if offset == count { return true }
            from = found + 1
        }
        return false
    }

    /// Whether `bytes` holds `needle` (compared byte for byte; in valid UTF-8 a match of a whole
    /// sequence starts at a character).
    @inline(__always)
    static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        needle.withUnsafeBufferPointer { String.byteOffset(of: $0, in: bytes) != nil }
    }

    /// Whether `bytes` start with `prefix`.
    @inline(__always)
    static func startsWith(_ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        prefix.count <= bytes.count && prefix.withUnsafeBufferPointer { prefix in
            prefix.isEmpty || memcmp(prefix.baseAddress!, bytes.baseAddress!, prefix.count) == 0
        }
    }

    /// Whether `bytes` start with `prefix`.
    @inline(__always)
    static func startsWith(_ prefix: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return count <= bytes.count && (count == 0 || memcmp(prefix.utf8Start, bytes.baseAddress!, count) == 0)
    }

    /// The number of Unicode scalars in valid UTF-8 `bytes`: the bytes that are not continuation
    /// bytes (branch-free and without overflow checks, so the loop vectorizes; a branch on each
    /// byte mispredicted on Chinese text). ``Swift/StringProtocol/scalarCount`` counts with it.
    @inline(__always)
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes { count &+= byte & 0xC0 != 0x80 ? 1 : 0 }
        return count
    }

    /// The scalar starting at `index`: its value and its length in bytes; `nil` past the end, at a
    /// continuation byte or where the sequence is cut short.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var value: UInt32
        if lead >= 0xF0 {
            length = 4
            value = UInt32(lead & 0x07)
        } else if lead >= 0xE0 {
            length = 3
            value = UInt32(lead & 0x0F)
        } else if lead >= 0xC0 {
            length = 2
            value = UInt32(lead & 0x1F)
        } else {
            return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (value, length)
    }

    /// Whether `byte` is an ASCII letter or digit.
    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether any of the eight bytes at `pointer` is an ASCII digit: each byte XOR `0` is below 10
    /// exactly for a digit, and a word holds a byte below 10 exactly when
    /// `(x - 0x0A0A…) & ~x & 0x8080…` is not zero.
    @inline(__always)
    static func wordHoldsDigit(_ pointer: UnsafeRawPointer) -> Bool {
        let x = pointer.loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
        return (x &- 0x0A0A_0A0A_0A0A_0A0A) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// `bytes` without leading and trailing white space as ``Swift/String/trimmingSpaces()`` sees it
    /// (ASCII spaces and controls, U+00A0, U+2000…U+200B, U+202F, U+205F, U+3000, U+FEFF).
    static func trimmingSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        /// The length of the white-space sequence starting at `index`, or 0.
        func spaceLength(at index: Int, end: Int) -> Int {
            let byte = bytes[index]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
            if byte == 0xC2, index + 1 < end, bytes[index + 1] == 0xA0 { return 2 }
            guard index + 2 < end else { return 0 }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            switch byte {
            case 0xE2:
                if second == 0x80 && (third <= 0x8B || third == 0xAF) { return 3 }
                if second == 0x81 && third == 0x9F { return 3 }
            case 0xE3: if second == 0x80 && third == 0x80 { return 3 }
            case 0xEF: if second == 0xBB && third == 0xBF { return 3 }
            default: break
            }
            return 0
        }
        // Most cells start with a character no white space starts with (ASCII other than space and
        // controls, or a lead byte E4–EE: spaces lead with C2, E2, E3 or EF) and end with a byte no
        // white space ends with (ASCII, or a continuation byte other than 80–8B, 9F, A0, AF, BF).
        if let first = bytes.first, let last = bytes.last,
            (first > 0x20 && first < 0x80) || (first >= 0xE4 && first <= 0xEE),
            (last > 0x20 && last < 0x80) || (last >= 0x8C && last <= 0xBE && last != 0x9F && last != 0xA0 && last != 0xAF)
        {
            return bytes
        }
        var start = 0
        var end = bytes.count
        while start < end {
            let length = spaceLength(at: start, end: end)
            guard length > 0 else { break }
            start += length
        }
        // From the back: find the start of the last scalar and test it.
        while end > start {
            var lead = end - 1
            while lead > start, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard spaceLength(at: lead, end: end) == end - lead else { break }
            end = lead
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
