import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One plain-text message, rendered as RFC 5322 with a MIME base64 UTF-8 body.
///
/// Every header is built from validated addresses, RFC 2047 encoded words or fixed ASCII, so no
/// value can add a header or a recipient; lines stay within 78 columns except for an address
/// longer than that (which RFC 5322's 998-column limit still bounds).
public struct MailMessage: Sendable, Hashable {
    /// The sender.
    public var from: MailAddress
    /// The sender's display name (any text; it is encoded).
    public var fromName: String?
    /// The recipients, all in `To`.
    public var to: [MailAddress]
    /// The subject (any text; it is made visible and encoded).
    public var subject: String
    /// The body text (any text; it travels base64-encoded).
    public var body: String
    /// The `Date` header.
    public var date: Date
    /// The `Message-ID`, with its angle brackets.
    public var messageID: String
    /// What the message is (`rejection` or `digest`), in the `X-Nianbao-Kind` header.
    public var kind: String

    /// Creates a message; the Message-ID is made from the time, randomness and the sender's domain.
    public init(
        from: MailAddress, fromName: String?, to: [MailAddress], subject: String, body: String, date: Date,
        kind: String, messageID: String? = nil
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.kind = kind.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } ? kind : "other"
        self.messageID = messageID ?? Self.makeMessageID(date: date, domain: from.domain ?? "localhost")
    }

    static func makeMessageID(date: Date, domain: String) -> String {
        let stamp = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "<nianbaod.\(stamp).\(random)@\(domain)>"
    }

    /// The message as bytes for sendmail's standard input (LF line ends, as sendmail expects).
    public func rendered() -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append(fromHeader())
        lines.append(contentsOf: addressHeader("To", to))
        lines.append(encodedHeader("Subject", MailText.visible(subject, escapingBackslash: false)))
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=UTF-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("Auto-Submitted: auto-generated")
        lines.append("X-Nianbao-Kind: \(kind)")
        var text = lines.joined(separator: "\n") + "\n\n"
        text += MailText.base64Lines(Array(Self.normalizedBody(body).utf8))
        return Array(text.utf8)
    }

    private func fromHeader() -> String {
        guard let fromName, !fromName.isEmpty else { return "From: \(from.value)" }
        let words = EncodedWord.encode(MailText.visible(fromName, escapingBackslash: false), maximumBytes: 36)
        return "From: " + words.joined(separator: "\n ") + "\n <\(from.value)>"
    }

    private func addressHeader(_ name: String, _ addresses: [MailAddress]) -> [String] {
        var lines: [String] = []
        var line = "\(name):"
        for (index, address) in addresses.enumerated() {
            let piece = address.value + (index < addresses.count - 1 ? "," : "")
            if line.utf8.count + 1 + piece.utf8.count > 78 && line != "\(name):" {
                lines.append(line)
                line = ""
            }
            line += " " + piece
        }
        lines.append(line)
        return [lines.joined(separator: "\n")]
    }

    private func encodedHeader(_ name: String, _ value: String) -> String {
        let words = EncodedWord.encode(value)
        return "\(name): " + (words.isEmpty ? "" : words.joined(separator: "\n "))
    }

    /// The body with line ends unified to LF (CR alone becomes LF) and a final line end.
    static func normalizedBody(_ body: String) -> String {
        var text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` in RFC 5322 form in local time, e.g. `Mon, 23 Nov 2026 19:18:42 +0800`.
    public static func rfc5322Date(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let offset = parts.tm_gmtoff / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let offsetText = sign + two(abs(offset) / 60) + two(abs(offset) % 60)
        return "\(days[Int(parts.tm_wday)]), \(two(Int(parts.tm_mday))) \(months[Int(parts.tm_mon)]) "
            + "\(Int(parts.tm_year) + 1900) \(two(Int(parts.tm_hour))):\(two(Int(parts.tm_min))):"
            + "\(two(Int(parts.tm_sec))) \(offsetText)"
    }
}
