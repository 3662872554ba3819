/// Finds sections, metadata and tables in a document.
struct ReportRecognizer {
    let document: SourceDocument
    private(set) var findings: [Finding] = []
    private(set) var evidence = RecognitionEvidence()

    init(document: SourceDocument) { self.document = document }

    mutating func recognize() -> Report { Report() }
}

/// What the recognizer saw beyond the report itself, for the checks.
struct RecognitionEvidence: Sendable {}
