/// A strict subset of TOML, parsed with the line of every key.
///
/// Why our own parser instead of TOMLKit: `nianbaod config check` must name the *line* and key of
/// every mistake, and TOMLKit (toml++) reports no positions for keys, only for syntax errors. The
/// configuration needs little of TOML, so this parser accepts exactly that and rejects the rest
/// with a clear message instead of silently misreading it:
///
/// - comments (`#`), blank lines;
/// - `[table]` and `[[array-of-tables]]` headers with bare names (no dotted names);
/// - `key = value` with bare (`A-Za-z0-9_-`) or `"quoted"` keys (no dotted keys);
/// - values: basic strings `"…"` (escapes `\" \\ \n \t \r \b \f \uXXXX \UXXXXXXXX`), literal
///   strings `'…'`, integers (with `_` separators, `+`/`-`), floats, `true`/`false`, and arrays of
///   those (which may span lines and end with a comma).
///
/// Not supported (a syntax error says so): inline tables, multi-line strings, dates, dotted keys.
public struct TOMLDocument: Sendable {
    /// A value.
    public enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case float(Double)
        case bool(Bool)
        case array([Value])

        /// The value's type as TOML names it, for messages.
        public var typeName: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .float: "float"
            case .bool: "boolean"
            case .array: "array"
            }
        }
    }

    /// `key = value` on `line`.
    public struct Entry: Sendable, Hashable {
        /// The key as written (quotes removed).
        public var key: String
        /// The value.
        public var value: Value
        /// The 1-based line.
        public var line: Int
    }

    /// A table: the root (name `""`), a `[name]` or one element of `[[name]]`.
    public struct Table: Sendable, Hashable {
        /// The table's name (`""` for the root).
        public var name: String
        /// Whether the table came from a `[[name]]` header.
        public var isArrayElement: Bool
        /// The line of the header (0 for the root).
        public var line: Int
        /// The keys in order of appearance.
        public var entries: [Entry]

        /// The entry for `key`, if present.
        public subscript(key: String) -> Entry? { entries.first { $0.key == key } }
    }

    /// A syntax error with its line.
    public struct SyntaxError: Error, Sendable, Hashable {
        /// The 1-based line.
        public var line: Int
        /// What is wrong and what to do.
        public var message: String
    }

    /// The tables in order of appearance, the root first.
    public var tables: [Table]

    /// Parses `text`.
    /// - Throws: every ``SyntaxError`` found (parsing goes on at the next line after one).
    public static func parse(_ text: String) throws(SyntaxErrors) -> TOMLDocument {
        let (document, errors) = parseRecovering(text)
        if !errors.isEmpty { throw SyntaxErrors(errors: errors) }
        return document
    }

    /// Parses `text`, skipping each line with a syntax error: the document of the good lines and
    /// the errors, so a checker can report mistakes of both kinds in one go.
    public static func parseRecovering(_ text: String) -> (TOMLDocument, [SyntaxError]) {
        var parser = Parser(text: Array(text.unicodeScalars))
        return parser.parseDocument()
    }

    /// All syntax errors of a document.
    public struct SyntaxErrors: Error, Sendable {
        /// The errors in line order.
        public var errors: [SyntaxError]
    }
}

private struct Parser {
    let text: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(text: [Unicode.Scalar]) { self.text = text }

    mutating func parseDocument() -> (TOMLDocument, [TOMLDocument.SyntaxError]) {
        var tables = [TOMLDocument.Table(name: "", isArrayElement: false, line: 0, entries: [])]
        var errors: [TOMLDocument.SyntaxError] = []
        var seenTables: Set<String> = []
        var arrayTables: Set<String> = []
        while index < text.count {
            skipSpaces()
            guard let scalar = peek() else { break }
            let startLine = line
            do throws(TOMLDocument.SyntaxError) {
                if scalar == "\n" {
                    advance()
                    continue
                } else if scalar == "#" {
                    skipComment()
                    continue
                } else if scalar == "[" {
                    let (name, isArray) = try parseHeader()
                    if isArray {
                        if seenTables.contains(name) {
                            throw TOMLDocument.SyntaxError(line: startLine, message: "[[\(name)]] but [\(name)] is a table")
                        }
                        arrayTables.insert(name)
                    } else if seenTables.contains(name) || arrayTables.contains(name) {
                        throw TOMLDocument.SyntaxError(line: startLine, message: "table [\(name)] is defined twice")
                    } else {
                        seenTables.insert(name)
                    }
                    tables.append(TOMLDocument.Table(name: name, isArrayElement: isArray, line: startLine, entries: []))
                } else {
                    let key = try parseKey()
                    skipSpaces()
                    guard peek() == "=" else { throw error("expected “=” after the key “\(key)”") }
                    advance()
                    skipSpaces()
                    let value = try parseValue()
                    if tables[tables.count - 1][key] != nil {
                        throw TOMLDocument.SyntaxError(line: startLine, message: "key “\(key)” is set twice in this table")
                    }
                    tables[tables.count - 1].entries.append(TOMLDocument.Entry(key: key, value: value, line: startLine))
                }
                try endOfLine()
            } catch {
                errors.append(error)
                skipToNextLine()
            }
        }
        return (TOMLDocument(tables: tables), errors)
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < text.count ? text[index + offset] : nil }

    mutating func advance() {
        if text[index] == "\n" { line += 1 }
        index += 1
    }

    func error(_ message: String) -> TOMLDocument.SyntaxError { TOMLDocument.SyntaxError(line: line, message: message) }

    mutating func skipSpaces() {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
    }

    mutating func skipComment() {
        while let scalar = peek(), scalar != "\n" { advance() }
    }

    mutating func skipToNextLine() {
        while let scalar = peek() {
            advance()
            if scalar == "\n" { break }
        }
    }

    /// Spaces and a comment, then a newline or the end.
    mutating func endOfLine() throws(TOMLDocument.SyntaxError) {
        skipSpaces()
        if peek() == "#" { skipComment() }
        guard let scalar = peek() else { return }
        guard scalar == "\n" else { throw error("unexpected “\(scalar)” after the value; one key per line") }
        advance()
    }

    static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    mutating func parseKey() throws(TOMLDocument.SyntaxError) -> String {
        if peek() == "\"" { return try parseBasicString() }
        if peek() == "'" { return try parseLiteralString() }
        var key = ""
        while let scalar = peek(), Self.isBare(scalar) {
            key.unicodeScalars.append(scalar)
            advance()
        }
        if key.isEmpty { throw error("expected a key (letters, digits, “_” or “-”)") }
        skipSpaces()
        if peek() == "." { throw error("dotted keys (“\(key).…”) are not supported; use a [table]") }
        return key
    }

    mutating func parseHeader() throws(TOMLDocument.SyntaxError) -> (String, Bool) {
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipSpaces()
        var name = ""
        while let scalar = peek(), Self.isBare(scalar) {
            name.unicodeScalars.append(scalar)
            advance()
        }
        skipSpaces()
        if name.isEmpty { throw error("expected a table name after “[”") }
        if peek() == "." { throw error("dotted table names are not supported") }
        guard peek() == "]" else { throw error("expected “]” to close the table header") }
        advance()
        if isArray {
            guard peek() == "]" else { throw error("expected “]]” to close the array-of-tables header") }
            advance()
        }
        return (name, isArray)
    }

    mutating func parseValue() throws(TOMLDocument.SyntaxError) -> TOMLDocument.Value {
        guard let scalar = peek() else { throw error("expected a value") }
        switch scalar {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw error("multi-line strings are not supported") }
            return .string(try parseBasicString())
        case "'": return .string(try parseLiteralString())
        case "[": return try parseArray()
        case "{": throw error("inline tables are not supported; use a [table]")
        case "t", "f":
            var word = ""
            while let next = peek(), Self.isBare(next) {
                word.unicodeScalars.append(next)
                advance()
            }
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            throw error("unknown value “\(word)”; strings need quotes")
        default:
            return try parseNumber()
        }
    }

    mutating func parseNumber() throws(TOMLDocument.SyntaxError) -> TOMLDocument.Value {
        var raw = ""
        while let scalar = peek(), Self.isBare(scalar) || scalar == "." || scalar == "+" {
            raw.unicodeScalars.append(scalar)
            advance()
        }
        if raw.isEmpty {
            throw error("expected a value (a \"string\", a number, true/false or an [array])")
        }
        let digits = String(raw.filter { $0 != "_" })
        if let integer = Int(digits) { return .integer(integer) }
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let float = Double(digits) {
            return .float(float)
        }
        throw error("“\(raw)” is not a number; strings need quotes")
    }

    mutating func parseBasicString() throws(TOMLDocument.SyntaxError) -> String {
        advance()
        var value = ""
        while true {
            guard let scalar = peek(), scalar != "\n" else { throw error("string not closed on this line") }
            advance()
            if scalar == "\"" { return value }
            if scalar != "\\" {
                value.unicodeScalars.append(scalar)
                continue
            }
            guard let escape = peek() else { throw error("string not closed") }
            advance()
            switch escape {
            case "\"": value += "\""
            case "\\": value += "\\"
            case "n": value += "\n"
            case "t": value += "\t"
            case "r": value += "\r"
            case "b": value += "\u{8}"
            case "f": value += "\u{c}"
            case "u", "U":
                let count = escape == "u" ? 4 : 8
                var hex = ""
                for _ in 0..<count {
                    guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                        throw error("\\\(escape) needs \(count) hex digits")
                    }
                    hex.unicodeScalars.append(digit)
                    advance()
                }
                guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
                    throw error("\\\(escape)\(hex) is not a Unicode scalar")
                }
                value.unicodeScalars.append(decoded)
            default: throw error("unknown escape “\\\(escape)” in a string")
            }
        }
    }

    mutating func parseLiteralString() throws(TOMLDocument.SyntaxError) -> String {
        advance()
        var value = ""
        while true {
            guard let scalar = peek(), scalar != "\n" else { throw error("string not closed on this line") }
            advance()
            if scalar == "'" { return value }
            value.unicodeScalars.append(scalar)
        }
    }

    mutating func parseArray() throws(TOMLDocument.SyntaxError) -> TOMLDocument.Value {
        advance()
        var values: [TOMLDocument.Value] = []
        while true {
            skipArraySpace()
            guard let scalar = peek() else { throw error("array not closed with “]”") }
            if scalar == "]" {
                advance()
                return .array(values)
            }
            values.append(try parseValue())
            skipArraySpace()
            if peek() == "," {
                advance()
            } else if peek() != "]" {
                throw error("expected “,” or “]” in the array")
            }
        }
    }

    mutating func skipArraySpace() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                advance()
            } else if scalar == "#" {
                skipComment()
            } else {
                break
            }
        }
    }
}
