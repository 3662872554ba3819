/// One defect or remark about a report: data, never a thrown error.
public struct Finding: Sendable, Hashable {
    /// The stable code.
    public var code: FindingCode
    /// The severity after configuration overrides.
    public var severity: Severity
    /// Where: `section/row/column` as far as known (`三/new/natural_person`), or `nil`.
    public var location: String?
    /// The message in Simplified Chinese.
    public var messageZh: String
    /// The message in English.
    public var messageEn: String

    public init(code: FindingCode, severity: Severity? = nil, location: String?, zh: String, en: String) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.location = location
        self.messageZh = zh
        self.messageEn = en
    }

    /// The message in `language`.
    public func message(in language: MessageLanguage) -> String {
        language == .zh ? messageZh : messageEn
    }
}

/// The language of user-facing messages.
public enum MessageLanguage: String, Sendable, Hashable, CaseIterable {
    case zh, en
}
