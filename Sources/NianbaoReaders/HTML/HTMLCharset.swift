import NianbaoCore
/// Finds a web page's character set and turns the page into UTF-8.
///
/// A byte-order mark wins; then the charset the page declares (`<meta charset>` or
/// `http-equiv="Content-Type"`). GB2312 and GBK pages are decoded as GB18030, their superset, since
/// pages declared GB2312 routinely contain GBK characters. A page whose bytes do not fit what it
/// declares (a common mislabel) is tried as UTF-8 and then GB18030.
enum HTMLCharset {
    /// The page as UTF-8 and the name of its charset (lower case, as declared or detected).
    struct Decoded {
        var utf8: [UInt8]
        var charset: String
    }

    /// Decodes `bytes`, or returns `nil` when no supported charset fits them.
    static func decode(_ bytes: [UInt8]) -> Decoded? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return valid(bytes.dropFirst(3)).map { Decoded(utf8: $0, charset: "utf-8") }
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return CharsetConverter.toUTF8(Array(bytes.dropFirst(2)), from: "UTF-16LE").map {
                Decoded(utf8: $0, charset: "utf-16le")
            }
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return CharsetConverter.toUTF8(Array(bytes.dropFirst(2)), from: "UTF-16BE").map {
                Decoded(utf8: $0, charset: "utf-16be")
            }
        }
        let declared = declaredCharset(bytes)
        if let declared, !isUTF8(declared) {
            if let converted = CharsetConverter.toUTF8(bytes, from: iconvName(declared)) {
                return Decoded(utf8: converted, charset: declared)
            }
        }
        if let text = valid(bytes[...]) { return Decoded(utf8: text, charset: "utf-8") }
        if let converted = CharsetConverter.toUTF8(bytes, from: "GB18030") { return Decoded(utf8: converted, charset: "gb18030") }
        return nil
    }

    /// The charset named in the first 8 KiB of markup, lower case, or `nil`.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let key = Array("charset".utf8)
        var index = 0
        while index + key.count < head.count {
            guard head[index] == key[0], Array(head[index..<index + key.count]) == key else {
                index += 1
                continue
            }
            var cursor = index + key.count
            while cursor < head.count, head[cursor] == 0x20 { cursor += 1 }
            guard cursor < head.count, head[cursor] == UInt8(ascii: "=") else {
                index = cursor
                continue
            }
            cursor += 1
            while cursor < head.count, head[cursor] == 0x20 || head[cursor] == 0x22 || head[cursor] == 0x27 {
                cursor += 1
            }
            var name: [UInt8] = []
            while cursor < head.count, isNameByte(head[cursor]), name.count < 40 {
                name.append(head[cursor])
                cursor += 1
            }
            if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
            index = cursor
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            || byte == 0x2E || byte == 0x3A
    }

    private static func isUTF8(_ charset: String) -> Bool { charset == "utf-8" || charset == "utf8" }

    /// The iconv name for a declared charset; the GB family maps to GB18030.
    static func iconvName(_ charset: String) -> String {
        switch charset {
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "gb_2312-80", "csgb2312":
            return "GB18030"
        case "big5", "big5-hkscs": return "BIG5-HKSCS"
        default: return charset.uppercased()
        }
    }

    private static func valid(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        String(validating: bytes, as: UTF8.self) == nil ? nil : Array(bytes)
    }
}
