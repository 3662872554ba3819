import NianbaoCore

/// Encodes rendered text into a file's bytes: line endings, then UTF-8 (with or without BOM),
/// GB18030 through iconv, or UTF-16LE with BOM.
enum TextEncoder {
    /// Errors that stop encoding. GB18030 covers all of Unicode, so a failure means iconv is broken.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func encode(lines: [String], noise: NoiseOptions) throws -> [UInt8] {
        let text = lines.joined(separator: noise.lineEnding == .crlf ? "\r\n" : "\n")
        switch noise.encoding {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16leBOM:
            var bytes: [UInt8] = [0xFF, 0xFE]
            for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return bytes
        case .gb18030: return try iconv(Array(text.utf8), to: "GB18030")
        }
    }

    static func iconv(_ input: [UInt8], to encoding: String) throws -> [UInt8] {
        guard let output = CharsetConverter.convert(input, from: "UTF-8", to: encoding) else {
            throw Failure(
                description: "iconv cannot convert \(input.count) bytes of UTF-8 to \(encoding) (glibc gconv modules missing?)")
        }
        return output
    }
}
