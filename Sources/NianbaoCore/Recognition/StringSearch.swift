/// Substring search on UTF-8 bytes.
///
/// Foundation's `contains(_:)` and `range(of:)` fold character clusters through CFString and cost
/// microseconds per call; labels are matched thousands of times per report, so the recognizer
/// searches bytes instead (exact, which is what key-form matching needs).
extension String {
    /// Whether `fragment` occurs in the string, compared byte for byte.
    @inline(__always)
    func has(_ fragment: String) -> Bool { byteOffset(of: fragment) != nil }

    /// The UTF-8 offset of the first occurrence of `fragment`.
    func byteOffset(of fragment: String) -> Int? {
        var haystack = self
        var needle = fragment
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin -> Int? in
                let n = pin.count
                guard n > 0 else { return 0 }
                guard hay.count >= n else { return nil }
                let first = pin[0]
                var index = 0
                let last = hay.count - n
                while index <= last {
                    if hay[index] == first {
                        var matched = true
                        var offset = 1
                        while offset < n {
                            if hay[index + offset] != pin[offset] {
                                matched = false
                                break
                            }
                            offset += 1
                        }
                        if matched { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
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
    func startsWithBytes(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    /// Byte-wise suffix test.
    @inline(__always)
    func endsWithBytes(_ suffix: String) -> Bool {
        let count = suffix.utf8.count
        guard utf8.count >= count else { return false }
        return utf8.suffix(count).elementsEqual(suffix.utf8)
    }

    /// Byte-wise equality.
    @inline(__always)
    func equalsBytes(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }

    /// Number of Unicode scalars (cheap, unlike `count`, which segments graphemes).
    @inline(__always)
    var scalarCount: Int { unicodeScalars.count }
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
