import NianbaoCore

/// Readers for Word (.docx), web pages (.html) and PDF, producing ``NianbaoCore/SourceDocument``.
public enum NianbaoReaders {
    /// Every reader of this module, with default limits: give them to `ReportChecker(readers:)`.
    public static var all: [any DocumentReader] { [DocxReader(), HTMLReader(), PDFReader()] }
}
