/// Identifies a file by its content (magic bytes), not its extension alone.
public enum ContentSniffer {
    /// What a file's first bytes say it is.
    public enum Sniffed: Sendable, Hashable {
        /// Plain text (any encoding), including Markdown.
        case text
        /// HTML (text that begins like a web page).
        case html
        /// A ZIP container; `.docx` when it holds `word/document.xml`.
        case zip
        case pdf
        /// A legacy OLE2 compound file: `.doc`, `.wps`, `.xls`.
        case legacyOffice
        /// An image (PNG, JPEG, GIF, TIFF, BMP, WebP).
        case image(String)
        /// Other binary content.
        case binary
    }

    /// Identifies `bytes`; `name` is used only to tell Markdown from plain text.
    public static func sniff(_ bytes: [UInt8]) -> Sniffed {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyOffice }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .image("PNG") }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .image("JPEG") }
        if bytes.starts(with: Array("GIF8".utf8)) { return .image("GIF") }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return .image("TIFF")
        }
        if bytes.starts(with: Array("BM".utf8)) && bytes.count > 26 && bytes[6] == 0 && bytes[7] == 0 { return .image("BMP") }
        if bytes.count > 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return .image("WebP")
        }
        if looksLikeHTML(bytes) { return .html }
        return .text
    }

    /// Whether the first kilobytes, read as ASCII, open like a web page.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        // Most files are text: settled by the first byte that is not a byte-order mark, white space
        // or the zero half of a UTF-16 unit.
        var first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        scan: while first < bytes.count {
            switch bytes[first] {
            case 0x20, 0x0A, 0x0D, 0x09, 0x00: first += 1
            default: break scan
            }
        }
        guard first < bytes.count, bytes[first] == UInt8(ascii: "<") else {
            return false
        }
        var head = [UInt8]()
        head.reserveCapacity(2048)
        for byte in bytes.prefix(4096) where byte != 0 {
            head.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            if head.count >= 2048 { break }
        }
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, head[start] == 0x20 || head[start] == 0x0A || head[start] == 0x0D || head[start] == 0x09 {
            start += 1
        }
        guard start < head.count, head[start] == UInt8(ascii: "<") else { return false }
        let text = String(decoding: head[start...], as: UTF8.self)
        return text.startsWithBytes("<!doctype html") || text.has("<html") || text.has("<head")
            || text.has("<body") || text.has("<meta") || text.has("<table")
    }
}
