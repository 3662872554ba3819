/// RFC 2047 encoded words (`=?UTF-8?B?…?=`) for non-ASCII header text such as Chinese subjects.
public enum EncodedWord {
    /// The longest encoded word RFC 2047 allows.
    public static let maximumLength = 75

    /// Encodes `text` as UTF-8 B-encoded words, each holding whole characters and at most
    /// `maximumBytes` bytes of text (42 bytes make a 68-character word, so `Subject: ` plus one word
    /// stays within 78 columns).
    /// - Returns: the words, to be joined by folding white space (`"\n "`); empty for empty text.
    public static func encode(_ text: String, maximumBytes: Int = 42) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maximumBytes {
                words.append(word(chunk))
                chunk = []
            }
            if bytes.count > maximumBytes {
                // A single enormous grapheme cluster: split it by scalars instead.
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if !chunk.isEmpty && chunk.count + scalarBytes.count > maximumBytes {
                        words.append(word(chunk))
                        chunk = []
                    }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?\(MailText.base64(bytes))?=" }

    /// Decodes a header value that may hold encoded words (B or Q, UTF-8 or US-ASCII), after
    /// unfolding. White space between two adjacent encoded words is dropped, as RFC 2047 says.
    /// - Returns: the decoded text, or `nil` when an encoded word is malformed or in another charset.
    public static func decode(_ value: String) -> String? {
        let unfolded = value.replacingCRLFFolding()
        var out = ""
        var rest = Substring(unfolded)
        var pendingSpace = ""
        var previousWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (text, length) = decodeWord(rest) {
                if !previousWasEncoded { out += pendingSpace }
                pendingSpace = ""
                guard let text else { return nil }
                out += text
                rest = rest.dropFirst(length)
                previousWasEncoded = true
            } else if let first = rest.first, first == " " || first == "\t" {
                pendingSpace.append(first)
                rest = rest.dropFirst()
            } else {
                out += pendingSpace
                pendingSpace = ""
                out.append(rest.first!)
                rest = rest.dropFirst()
                previousWasEncoded = false
            }
        }
        return out + pendingSpace
    }

    /// Decodes one encoded word at the start of `text`: the text (`nil` if undecodable) and how
    /// many characters it took, or `nil` when `text` does not start with an encoded word.
    private static func decodeWord(_ text: Substring) -> (String?, Int)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("=") else { return nil }
        let charset = parts[0].lowercased()
        let encoding = parts[1].uppercased()
        let payload = parts[2]
        guard !payload.contains(" ") else { return nil }
        let length = 2 + parts[0].count + 1 + parts[1].count + 1 + payload.count + 2
        guard charset == "utf-8" || charset == "us-ascii" else { return (nil, length) }
        let bytes: [UInt8]?
        switch encoding {
        case "B": bytes = MailText.decodeBase64(payload)
        case "Q": bytes = decodeQ(payload)
        default: return nil
        }
        guard let bytes, let string = String(validating: bytes, as: UTF8.self) else { return (nil, length) }
        return (string, length)
    }

    private static func decodeQ(_ payload: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        var iterator = Array(payload.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "_") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "=") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                out.append(value)
            } else {
                out.append(byte)
            }
        }
        return out
    }
}

extension String {
    /// The header value with folding line breaks (CRLF or LF followed by white space) removed.
    func replacingCRLFFolding() -> String {
        var out = ""
        var iterator = Array(self.unicodeScalars).makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\r" { continue }
            if scalar == "\n" { continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
