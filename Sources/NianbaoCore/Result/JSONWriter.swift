/// A small JSON writer that keeps keys in the order they are written.
///
/// Results are written by hand rather than through `JSONEncoder` so that key order follows
/// `result-schema.md`, unknown values are `null` rather than left out, and writing stays cheap.
struct JSONWriter {
    /// The JSON written so far, as UTF-8 (built on bytes: appending scalar by scalar to a
    /// `String` cost the daemon an eighth of its time).
    private var bytes: [UInt8] = []
    private var indent: Int? = nil
    private var depth = 0
    private var needsComma = [false]

    init(pretty: Bool) {
        indent = pretty ? 2 : nil
        bytes.reserveCapacity(8192)
    }

    /// The JSON written so far.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// The JSON written so far, as UTF-8 (no copy, no validation).
    var outputBytes: [UInt8] { bytes }

    /// Bytes that ``escape(_:into:)`` must look at: quote, backslash, control characters, DEL and
    /// E2 (the lead byte of U+2028 and U+2029). Every other byte is copied as it is.
    private static let needsAttention: [Bool] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// (Named apart from ``append(_:)``: a literal would otherwise pick this `String` overload.)
    private mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` (with a minus sign when negative), without making a string.
    private mutating func appendInteger(_ value: Int) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(0x30 + UInt8(magnitude))
            return
        }
        // Digits from the last, into a buffer on the stack (20 hold any Int), then appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = 20
            repeat {
                first -= 1
                digits[first] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first..<20]))
        }
    }

    private mutating func newline() {
        guard let indent else { return }
        bytes.append(0x0A)
        for _ in 0..<(indent * depth) { bytes.append(0x20) }
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    private mutating func writeKey(_ key: String) {
        beforeValue()
        Self.escape(key, into: &bytes)
        bytes.append(0x3A)
        if indent != nil { bytes.append(0x20) }
    }

    mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) } else { beforeValue() }
        append("{")
        depth += 1
        needsComma.append(false)
    }

    mutating func endObject() {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        append("}")
    }

    mutating func beginArray(_ key: String? = nil) {
        if let key { writeKey(key) } else { beforeValue() }
        append("[")
        depth += 1
        needsComma.append(false)
    }

    mutating func endArray() {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        append("]")
    }

    /// A compact array of integers or nulls on one line, as tables read best.
    mutating func intArray(_ key: String, _ values: [Int?]) {
        writeKey(key)
        bytes.append(0x5B)
        var index = 0
        for value in values {
            if index > 0 {
                bytes.append(0x2C)
                if indent != nil { bytes.append(0x20) }
            }
            if let value { appendInteger(value) } else { append("null") }
            index += 1
        }
        bytes.append(0x5D)
    }

    mutating func string(_ key: String?, _ value: String?) {
        if let key { writeKey(key) } else { beforeValue() }
        if let value { Self.escape(value, into: &bytes) } else { append("null") }
    }

    mutating func int(_ key: String, _ value: Int?) {
        writeKey(key)
        if let value { appendInteger(value) } else { append("null") }
    }

    mutating func double(_ key: String, _ value: Double) {
        writeKey(key)
        let rounded = (value * 1000).rounded() / 1000
        appendString(rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded))
    }

    mutating func null(_ key: String) {
        writeKey(key)
        append("null")
    }

    /// Whether one of the eight bytes at `pointer` is one that ``needsAttention`` marks: a byte below
    /// 0x20, a quote, a backslash, DEL or E2. (Each test is exact for the word as a whole: the
    /// classic "has a zero byte" and "has a byte less than n" bit tricks.)
    @inline(__always)
    static func wordNeedsAttention(_ pointer: UnsafeRawPointer) -> Bool {
        let word = pointer.loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || hasZeroByte(word ^ (ones &* 0x7F)) || hasZeroByte(word ^ (ones &* 0xE2))
    }

    /// Appends `string` as a JSON string literal: quotes, backslashes and control characters
    /// escaped, and U+2028/U+2029 too (JavaScript readers choke on them). Works on UTF-8; runs
    /// of plain bytes are copied whole.
    static func escape(_ string: String, into output: inout [UInt8]) {
        var string = string
        output.append(0x22)
        needsAttention.withUnsafeBufferPointer { needsAttention in
            string.withUTF8 { utf8 in
                var runStart = 0
                var index = 0
                let count = utf8.count
                func flush() {
                    if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                }
                while index < count {
                    // Eight bytes at a time while none of them needs attention (most of Chinese text).
                    while index + 8 <= count, !Self.wordNeedsAttention(UnsafeRawPointer(utf8.baseAddress! + index)) {
                        index += 8
                    }
                    guard index < count else { break }
                    let byte = utf8[index]
                    // Other bytes one table lookup each.
                    if !needsAttention[Int(byte)] {
                        index += 1
                        continue
                    }
                    var escaped: StaticString? = nil
                    var length = 1
                    switch byte {
                    case 0x22: escaped = "\\\""
                    case 0x5C: escaped = "\\\\"
                    case 0x0A: escaped = "\\n"
                    case 0x0D: escaped = "\\r"
                    case 0x09: escaped = "\\t"
                    case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                        escaped = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                        length = 3
                    default:
                        if byte < 0x20 || byte == 0x7F {
                            flush()
                            let hex = Array("0123456789abcdef".utf8)
                            output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                            index += 1
                            runStart = index
                            continue
                        }
                        index += 1
                        continue
                    }
                    flush()
                    escaped!.withUTF8Buffer { output.append(contentsOf: $0) }
                    index += length
                    runStart = index
                }
                flush()
            }
        }
        output.append(0x22)
    }
}
