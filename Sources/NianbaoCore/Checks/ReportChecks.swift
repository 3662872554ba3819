/// The checks of `report-format.md` that need only the one report.
struct ReportChecks {
    let report: Report
    let evidence: RecognitionEvidence
    func run() -> [Finding] { [] }
}
