import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// Environment, for debugging:
// - NIANBAO_RT_COUNT: how many reports (default 1,350, spread over the nine layouts).
// - NIANBAO_RT_LAYOUT: only this layout (1, 2, 3, 4, 5, 6, 7a, 7b, 7c).
// - NIANBAO_RT_SEED: only the report of this seed (in NIANBAO_RT_LAYOUT, default 1); prints its text,
//   its truth, the findings and every mismatch.
// - NIANBAO_RT_BASE: base seed of the corpus (default 20261123).
// - NIANBAO_RT_MIN_EXACT: the share of cells each layout must read exactly (default 0.95; 0.8 for L5,
//   0.9 for L4).

/// Generated reports with known truth, read back by `ReportChecker`: cells exact or honestly missing.
@Suite struct RoundTripTests {
    static let layouts: [TextLayout] = [
        .tabRows, .cellPerLine, .markdown, .ocr, .webRunTogether, .singleLine, .pdfRows, .pdfAligned, .pdfColumns,
    ]
    static let environment = ProcessInfo.processInfo.environment
    static let fixedNow = Date(timeIntervalSince1970: 1_795_000_000)

    /// The reports this run checks.
    static func reports() throws -> [GeneratedReport] {
        let layout = try environment["NIANBAO_RT_LAYOUT"].map { name in
            try #require(TextLayout(rawValue: name), "NIANBAO_RT_LAYOUT must be one of 1 2 3 4 5 6 7a 7b 7c")
        }
        if let seedText = environment["NIANBAO_RT_SEED"] {
            let seed = try #require(UInt64(seedText), "NIANBAO_RT_SEED must be an unsigned integer")
            return [try ReportGenerator.report(seed: seed, layout: layout ?? .tabRows)]
        }
        let count = Int(environment["NIANBAO_RT_COUNT"] ?? "") ?? 1_350
        let base = UInt64(environment["NIANBAO_RT_BASE"] ?? "") ?? 20_261_123
        return try ReportGenerator(seed: base).corpus(count: count, layouts: layout.map { [$0] } ?? layouts)
    }

    @Test func generatedReportsReadBackHonestly() throws {
        let reports = try Self.reports()
        #expect(
            reports.count >= 1_000 || Self.environment["NIANBAO_RT_SEED"] != nil
                || Self.environment["NIANBAO_RT_COUNT"] != nil || Self.environment["NIANBAO_RT_LAYOUT"] != nil)
        let checker = ReportChecker()
        var statistics = RoundTripStatistics()
        var mismatches: [TruthComparison.Mismatch] = []
        for report in reports {
            let result = checker.check(bytes: report.bytes, name: report.fileName, now: Self.fixedNow)
            let comparison = TruthComparison(generated: report, result: result)
            statistics.add(report, comparison, result)
            mismatches += comparison.mismatches
            if reports.count == 1 { Self.explain(report, result, comparison) }
        }
        Self.emit(statistics.table)

        let byKind = Dictionary(grouping: mismatches, by: \.kind)
        for kind in TruthComparison.Mismatch.Kind.allCases {
            let found = byKind[kind] ?? []
            let count = found.count
            #expect(count == 0, Self.summary(kind, found, of: reports.count))
        }
        // Reading nothing is honest but useless: each layout must read most cells.
        guard reports.count > 1 else { return }
        for (layout, row) in statistics.rows.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let floor =
                Double(Self.environment["NIANBAO_RT_MIN_EXACT"] ?? "") ?? (layout == .webRunTogether ? 0.8 : layout == .ocr ? 0.9 : 0.95)
            let exact = Double(row.cells.exact) / Double(max(1, row.cells.known))
            #expect(
                exact >= floor,
                "L\(layout.rawValue) read \(row.cells.exact) of \(row.cells.known) known cells exactly (\(Int(exact * 100))%), below the floor of \(Int(floor * 100))%"
            )
        }
    }

    /// At most 25 examples of one kind of mismatch, with per-layout counts.
    static func summary(_ kind: TruthComparison.Mismatch.Kind, _ found: [TruthComparison.Mismatch], of total: Int)
        -> Comment
    {
        let perLayout = Dictionary(grouping: found, by: \.source).map { "\($0.key): \($0.value.count)" }.sorted()
        var lines = ["\(found.count) × \(kind.rawValue) over \(total) reports (\(perLayout.joined(separator: ", ")))"]
        var seen = Set<String>()
        for mismatch in found where lines.count <= 25 {
            // One example per layout and subject keeps the list varied.
            guard seen.insert("\(mismatch.source)|\(mismatch.subject)").inserted else { continue }
            lines.append("  " + mismatch.description)
        }
        lines.append(
            "  rerun one: NIANBAO_RT_LAYOUT=<layout> NIANBAO_RT_SEED=<seed> swift test --filter RoundTripTests")
        return Comment(rawValue: lines.joined(separator: "\n"))
    }

    /// Writes a line to standard error: standard output is buffered and lost when a failing test
    /// run exits.
    static func emit(_ text: String) {
        // Written in pieces, retrying: the test runner's stderr may be a non-blocking pipe.
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        var attempts = 0
        while offset < bytes.count && attempts < 10_000 {
            let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, min($0.count, 512)) }
            if written > 0 {
                offset += written
            } else {
                attempts += 1
                usleep(1_000)
            }
        }
    }

    /// Prints everything about one report (single-seed debugging).
    static func explain(_ report: GeneratedReport, _ result: CheckResult, _ comparison: TruthComparison) {
        Self.emit("=== \(report.summary)")
        // The text itself goes to files (the runner's output relay garbles long writes): as generated,
        // and decoded to UTF-8 with LF line endings for reading.
        let directory = FileManager.default.temporaryDirectory
        let original = directory.appendingPathComponent(report.fileName).path
        let readable = directory.appendingPathComponent(report.fileName + ".utf8").path
        let text = (TextDecoder.decode(report.bytes)?.text ?? "<undecodable>").replacing("\r\n", with: "\n")
        if FileManager.default.createFile(atPath: original, contents: Data(report.bytes)),
            FileManager.default.createFile(atPath: readable, contents: Data(text.utf8))
        {
            Self.emit("file as generated: \(original)\ndecoded: \(readable)")
        }
        Self.emit("=== truth")
        Self.emit(
            "organization=\(report.truth.organization) year=\(report.truth.year) published=\(report.truth.published ?? "nil")"
        )
        Self.emit("defects: \(report.truth.defects) tolerated: \(report.truth.toleratedCodes.map(\.rawValue).sorted())")
        Self.emit("blank cells: \(report.truth.blankCells.map(\.description).sorted())")
        Self.emit("=== findings (verdict \(result.verdict.rawValue))")
        for finding in result.findings {
            Self.emit(
                "\(finding.severity.rawValue) \(finding.code.rawValue) \(finding.location ?? "-") \(finding.messageZh)")
        }
        Self.emit(
            "=== cells: known \(comparison.cells.known), exact \(comparison.cells.exact), missing \(comparison.cells.missing)"
        )
        for mismatch in comparison.mismatches { Self.emit(mismatch.description) }
    }
}

/// Per-layout counts printed after a round-trip run.
struct RoundTripStatistics {
    struct Row {
        var reports = 0
        var defective = 0
        var cells = TruthComparison.CellCounts()
        var codesExpected = 0
        var codesMissed = 0
        var falseErrors = 0
        var wrongVerdicts = 0
        var ambiguous = 0
    }

    var rows: [TextLayout: Row] = [:]

    mutating func add(_ report: GeneratedReport, _ comparison: TruthComparison, _ result: CheckResult) {
        var row = rows[report.layout] ?? Row()
        row.reports += 1
        if !report.truth.isValid { row.defective += 1 }
        row.cells = row.cells + comparison.cells
        row.codesExpected += report.truth.defects.count
        row.codesMissed += comparison.mismatches.filter { $0.kind == .missedCode }.count
        row.falseErrors += comparison.mismatches.filter { $0.kind == .falseError }.count
        row.wrongVerdicts += comparison.mismatches.filter { $0.kind == .wrongVerdict }.count
        if result.findings.contains(where: { $0.code == .ambiguousCells }) { row.ambiguous += 1 }
        rows[report.layout] = row
    }

    var table: String {
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "-" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
        }
        var lines = [
            "layout reports defective  cells   exact  missing  wrong  codes-missed false-errors verdicts ambiguous"
        ]
        var total = Row()
        for layout in TextLayout.allCases {
            guard let row = rows[layout] else { continue }
            lines.append(line("L" + layout.rawValue, row, percent))
            total.reports += row.reports
            total.defective += row.defective
            total.cells = total.cells + row.cells
            total.codesExpected += row.codesExpected
            total.codesMissed += row.codesMissed
            total.falseErrors += row.falseErrors
            total.wrongVerdicts += row.wrongVerdicts
            total.ambiguous += row.ambiguous
        }
        lines.append(line("all", total, percent))
        return lines.joined(separator: "\n")
    }

    private func line(_ name: String, _ row: Row, _ percent: (Int, Int) -> String) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        return pad(name, 6) + pad("\(row.reports)", 8) + pad("\(row.defective)", 10) + pad("\(row.cells.known)", 8)
            + pad(percent(row.cells.exact, row.cells.known), 8) + pad(percent(row.cells.missing, row.cells.known), 9)
            + pad("\(row.cells.wrong)", 7) + pad("\(row.codesMissed)/\(row.codesExpected)", 13)
            + pad("\(row.falseErrors)", 13) + pad("\(row.wrongVerdicts)", 9) + pad("\(row.ambiguous)", 10)
    }
}
