import NianbaoCore

/// Readers for Word (.docx), web pages (.html) and PDF, producing ``NianbaoCore/SourceDocument``.
public enum NianbaoReaders {
    /// Every reader of this module.
    public static var all: [any DocumentReader] { [] }
}
