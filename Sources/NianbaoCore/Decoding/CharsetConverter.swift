#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Character set conversion to and from UTF-8 through the C library's iconv: the one place that
/// talks to iconv (text decoding, web pages' charsets, and the test writers' GBK/GB18030 output).
public enum CharsetConverter {
    /// Converts `bytes` from `charset` to UTF-8; `nil` when the charset is unknown or the bytes are
    /// not valid in it.
    public static func toUTF8(_ bytes: [UInt8], from charset: String) -> [UInt8]? {
        convert(bytes, from: charset, to: "UTF-8")
    }

    /// Converts UTF-8 `text` to `charset`; `nil` when the charset is unknown or a character has no
    /// encoding there.
    public static func fromUTF8(_ text: String, to charset: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: charset)
    }

    /// Converts `bytes` from `source` to `target`, growing the output as needed; `nil` on failure.
    public static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, source)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        if bytes.isEmpty { return [] }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 64)
        var produced = 0
        var consumed = 0
        while true {
            var failure: Int32 = 0
            input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        inBuffer.baseAddress! + consumed
                    )
                    .assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuffer.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        outBuffer.baseAddress! + produced
                    )
                    .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 { failure = errno }
                    consumed = inBuffer.count - inLeft
                    produced = outBuffer.count - outLeft
                }
            }
            if failure == 0 { break }
            guard failure == E2BIG else { return nil }
            output += [UInt8](repeating: 0, count: output.count)
        }
        return Array(output[0..<produced])
    }
}
