/// The kind of file a report arrived as.
public enum SourceKind: String, Sendable, Hashable, CaseIterable {
    case text, markdown, docx, html, pdf
}

/// What is known about the submitted file itself.
public struct SourceInfo: Sendable, Hashable {
    /// The file name as it arrived (may hold any characters; escaped where printed).
    public var name: String
    /// The inbox folder it arrived in, or `nil` for `nianbaod check`.
    public var inbox: String?
    /// SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
    /// Size in bytes.
    public var bytes: Int
    /// The detected kind, or `nil` when it could not be determined.
    public var kind: SourceKind?
    /// The detected character encoding (`utf-8`, `gb18030`, `utf-16le`, …), or `nil`.
    public var encoding: String?

    public init(name: String, inbox: String?, sha256: String, bytes: Int, kind: SourceKind?, encoding: String?) {
        self.name = name
        self.inbox = inbox
        self.sha256 = sha256
        self.bytes = bytes
        self.kind = kind
        self.encoding = encoding
    }
}
