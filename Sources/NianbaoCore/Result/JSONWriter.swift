/// A small JSON writer that keeps keys in the order they are written.
///
/// Results are written by hand rather than through `JSONEncoder` so that key order follows
/// `result-schema.md`, unknown values are `null` rather than left out, and writing stays cheap.
struct JSONWriter: ~Copyable {
    /// The JSON written so far, as UTF-8 (built on bytes: appending scalar by scalar to a
    /// `String` cost the daemon an eighth of its time).
    private var bytes = JSONBytes(capacity: 8192)
    private var indent: Int? = nil
    private var depth = 0
    private var needsComma = [false]

    init(pretty: Bool) {
        indent = pretty ? 2 : nil
    }

    /// The JSON written so far.
    var output: String { bytes.string }

    /// The JSON written so far, as UTF-8 (no validation).
    var outputBytes: [UInt8] { bytes.array }

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
        bytes.write(atMost: 20) { Self.writeInteger(value, to: $0) }
    }

    /// Writes the decimal digits of `value` (with a minus sign when negative) at `target` and
    /// returns how many bytes it wrote: a sign and the 19 digits of `Int.min` at most (20).
    @inline(__always)
    private static func writeInteger(_ value: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        if value < 0 {
            target[0] = 0x2D
            length = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt = 10
        while digits < 19 && magnitude >= scale {
            digits += 1
            scale &*= 10
        }
        length += digits
        // The digits from the last.
        var position = length
        repeat {
            position -= 1
            target[position] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return length
    }

    private mutating func newline() {
        guard let indent else { return }
        let spaces = indent * depth
        bytes.write(atMost: 1 + spaces) { target in
            target[0] = 0x0A
            (target + 1).initialize(repeating: 0x20, count: spaces)
            return 1 + spaces
        }
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    private mutating func writeKey(_ key: String) {
        beforeValue()
        // The schema's keys (ASCII letters, digits and underscores) need no escaping: written
        // straight, quotes, colon and space included.
        var key = key
        let spaced = indent != nil
        let plain: Bool = key.withUTF8 { utf8 in
            guard utf8.count <= 64, utf8.allSatisfy({ UTF8Bytes.isASCIIAlphanumeric($0) || $0 == 0x5F }) else { return false }
            bytes.write(atMost: utf8.count + 4) { target in
                target[0] = 0x22
                if let source = utf8.baseAddress { (target + 1).update(from: source, count: utf8.count) }
                target[utf8.count + 1] = 0x22
                target[utf8.count + 2] = 0x3A
                guard spaced else { return utf8.count + 3 }
                target[utf8.count + 3] = 0x20
                return utf8.count + 4
            }
            return true
        }
        guard !plain else { return }
        Self.escape(key, into: &bytes)
        bytes.append(0x3A)
        if spaced { bytes.append(0x20) }
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
        let spaced = indent != nil
        // `[`, `]`, and for each value at most a comma, a space and an integer (20 bytes).
        bytes.write(atMost: 2 + values.count * 22) { target in
            var length = 0
            target[length] = 0x5B
            length += 1
            for (index, value) in values.enumerated() {
                if index > 0 {
                    target[length] = 0x2C
                    length += 1
                    if spaced {
                        target[length] = 0x20
                        length += 1
                    }
                }
                if let value {
                    length += Self.writeInteger(value, to: target + length)
                } else {
                    // null
                    target[length] = 0x6E
                    target[length + 1] = 0x75
                    target[length + 2] = 0x6C
                    target[length + 3] = 0x6C
                    length += 4
                }
            }
            target[length] = 0x5D
            return length + 1
        }
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
    static func escape<Output: JSONByteOutput & ~Copyable>(_ string: String, into output: inout Output) {
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
                            for escapedByte in [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] {
                                output.append(escapedByte)
                            }
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
