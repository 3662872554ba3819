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

    /// When ``decode(_:)`` reads `bytes` as UTF-8 without a byte-order mark (its usual answer: not
    /// empty, no UTF-8 mark, well-formed UTF-8), the counts it judges them by
    /// (``scalarAndControlCounts(_:)``, taken while validating); otherwise `nil`. Such bytes are their
    /// own text, so a caller that only reads the text's bytes can use them as they are, when
    /// ``isPlausible(_:)`` says they are text, as ``decode(_:)`` would have.
    static func unmarkedUTF8Counts(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Int, controls: Int)? {
        guard !bytes.isEmpty else { return nil }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return nil }
        return UTF8Validation.validatedCounts(bytes)
    }

    /// Whether text with these counts looks like text (see ``plausible(_:)``).
    static func isPlausible(_ counts: (scalars: Int, controls: Int)) -> Bool {
        counts.scalars == 0 || counts.controls * 20 <= counts.scalars
    }

    /// Whether decoded text looks like text: few control characters besides tab, CR, LF and form
    /// feed, or U+FFFD (what a broken byte decodes to).
    static func plausible(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isPlausible(scalarAndControlCounts($0)) }
    }

    /// The number of scalars in UTF-8 `bytes` (bytes that are not continuation bytes), and of the
    /// control characters other than tab, LF, CR and form feed and the U+FFFD (EF BF BD) among
    /// them. Branch-free loops over blocks of 240 bytes with byte-sized counters, which the
    /// compiler vectorizes sixteen bytes at a time.
    static func scalarAndControlCounts(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Int, controls: Int) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        let count = bytes.count
        var scalars = 0
        var controls = 0
        var start = 0
        while start < count {
            let end = min(start + 240, count)
            var blockScalars: UInt8 = 0
            var blockControls: UInt8 = 0
            for index in start..<end {
                let byte = base[index]
                blockScalars &+= byte & 0xC0 == 0x80 ? 0 : 1
                let low: UInt8 = byte < 0x20 ? 1 : 0
                let allowed: UInt8 = (byte == 0x09 ? 1 : 0) | (byte == 0x0A ? 1 : 0) | (byte == 0x0D ? 1 : 0) | (byte == 0x0C ? 1 : 0)
                blockControls &+= (low & (allowed ^ 1)) | (byte == 0x7F ? 1 : 0)
            }
            scalars += Int(blockScalars)
            controls += Int(blockControls)
            start = end
        }
        start = 2
        while start < count {
            let end = min(start + 240, count)
            var blockReplacements: UInt8 = 0
            for index in start..<end {
                let bd: UInt8 = base[index] == 0xBD ? 1 : 0
                let bf: UInt8 = base[index &- 1] == 0xBF ? 1 : 0
                let ef: UInt8 = base[index &- 2] == 0xEF ? 1 : 0
                blockReplacements &+= bd & bf & ef
            }
            controls += Int(blockReplacements)
            start = end
        }
        return (scalars, controls)
    }

    static func viaIconv(_ bytes: ArraySlice<UInt8>, from encoding: String, name: String) -> Decoded? {
        guard let converted = CharsetConverter.toUTF8(Array(bytes), from: encoding), let text = utf8(converted[...]) else {
            return nil
        }
        return Decoded(text: text, encoding: name)
    }
}
