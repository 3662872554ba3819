/// A small JSON writer that keeps keys in the order they are written.
///
/// Results are written by hand rather than through `JSONEncoder` so that key order follows
/// `result-schema.md`, unknown values are `null` rather than left out, and writing stays cheap.
struct JSONWriter {
    private(set) var output: String = ""
    private var indent: Int? = nil
    private var depth = 0
    private var needsComma = [false]

    init(pretty: Bool) {
        indent = pretty ? 2 : nil
        output.reserveCapacity(4096)
    }

    private mutating func newline() {
        guard let indent else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * depth)
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    private mutating func writeKey(_ key: String) {
        beforeValue()
        Self.escape(key, into: &output)
        output += indent == nil ? ":" : ": "
    }

    mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) } else { beforeValue() }
        output += "{"
        depth += 1
        needsComma.append(false)
    }

    mutating func endObject() {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        output += "}"
    }

    mutating func beginArray(_ key: String? = nil) {
        if let key { writeKey(key) } else { beforeValue() }
        output += "["
        depth += 1
        needsComma.append(false)
    }

    mutating func endArray() {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        output += "]"
    }

    /// A compact array of integers or nulls on one line, as tables read best.
    mutating func intArray(_ key: String, _ values: [Int?]) {
        writeKey(key)
        output += "["
        for (index, value) in values.enumerated() {
            if index > 0 { output += indent == nil ? "," : ", " }
            output += value.map(String.init) ?? "null"
        }
        output += "]"
    }

    mutating func string(_ key: String?, _ value: String?) {
        if let key { writeKey(key) } else { beforeValue() }
        if let value { Self.escape(value, into: &output) } else { output += "null" }
    }

    mutating func int(_ key: String, _ value: Int?) {
        writeKey(key)
        output += value.map(String.init) ?? "null"
    }

    mutating func double(_ key: String, _ value: Double) {
        writeKey(key)
        let rounded = (value * 1000).rounded() / 1000
        output += rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }

    mutating func null(_ key: String) {
        writeKey(key)
        output += "null"
    }

    static func escape(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
