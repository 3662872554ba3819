/// Turns a file's bytes into text, detecting the encoding.
///
/// Order of detection: a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); valid UTF-8; UTF-16
/// without a mark when every other byte is zero; GB18030 (a superset of GBK and GB2312) through
/// iconv. Text that decodes in none of them, or decodes to mostly control characters, is unreadable.
public enum TextDecoder {
    /// Decoded text with the name of the encoding it was in.
    public struct Decoded: Sendable {
        public var text: String
        public var encoding: String
    }

    /// Decodes `bytes`, or returns `nil` when they are not text in a supported encoding.
    public static func decode(_ bytes: [UInt8]) -> Decoded? {
        if bytes.isEmpty { return Decoded(text: "", encoding: "utf-8") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(text: utf8(bytes[3...]) ?? lossyUTF8(bytes[3...]), encoding: "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return viaIconv(bytes[4...], from: "UTF-32LE", name: "utf-32le") }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return viaIconv(bytes[4...], from: "UTF-32BE", name: "utf-32be") }
        if bytes.starts(with: [0xFF, 0xFE]) { return viaIconv(bytes[2...], from: "UTF-16LE", name: "utf-16le") }
        if bytes.starts(with: [0xFE, 0xFF]) { return viaIconv(bytes[2...], from: "UTF-16BE", name: "utf-16be") }
        if let text = utf8(bytes[...]) {
            return plausible(text) ? Decoded(text: text, encoding: "utf-8") : nil
        }
        if let guess = utf16WithoutMark(bytes) { return guess }
        if let decoded = viaIconv(bytes[...], from: "GB18030", name: "gb18030"), plausible(decoded.text) {
            return decoded
        }
        // Mostly UTF-8 with a few broken sequences (a truncated file, a damaged byte): read it,
        // the broken bytes becoming U+FFFD, rather than refusing the whole file.
        if utf8ErrorCount(bytes[...]) * 200 <= bytes.count {
            let text = lossyUTF8(bytes[...])
            return plausible(text) ? Decoded(text: text, encoding: "utf-8") : nil
        }
        return nil
    }

    private static func lossyUTF8(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func utf8ErrorCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var errors = 0
        var iterator = bytes.makeIterator()
        var codec = UTF8()
        loop: while true {
            switch codec.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break loop
            case .error: errors += 1
            }
        }
        return errors
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    private static func utf16WithoutMark(_ bytes: [UInt8]) -> Decoded? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(512)
        var zeroEven = 0
        var zeroOdd = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let half = sample.count / 2
        if zeroOdd > half / 3 && zeroEven == 0 { return viaIconv(bytes[...], from: "UTF-16LE", name: "utf-16le") }
        if zeroEven > half / 3 && zeroOdd == 0 { return viaIconv(bytes[...], from: "UTF-16BE", name: "utf-16be") }
        return nil
    }

    /// Whether decoded text looks like text: few control characters besides tab, CR, LF and form feed.
    static func plausible(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // Counted on UTF-8: every scalar has one byte that is not a continuation byte (a loop
            // the compiler vectorizes); the controls are ASCII and U+FFFD is EF BF BD.
            var total = 0
            for byte in bytes where byte & 0xC0 != 0x80 { total += 1 }
            var control = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
                } else if byte == 0x7F {
                    control += 1
                } else if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD {
                    control += 1
                }
                index += 1
            }
            return total == 0 || control * 20 <= total
        }
    }

    static func viaIconv(_ bytes: ArraySlice<UInt8>, from encoding: String, name: String) -> Decoded? {
        guard let converted = CharsetConverter.toUTF8(Array(bytes), from: encoding), let text = utf8(converted[...]) else {
            return nil
        }
        return Decoded(text: text, encoding: name)
    }
}
