/// Generates reports with known truth, deterministically from a seed.
///
/// ```swift
/// let generator = ReportGenerator(seed: 42)
/// for report in try generator.corpus(count: 1_000) {
///     let result = ReportChecker().check(bytes: report.bytes, name: report.fileName)
///     // compare result.report with report.truth
/// }
/// ```
///
/// Report `i` of a corpus is ``report(seed:layout:defectRate:)`` with seed
/// `SeededGenerator.derivedSeed(base: seed, index: i)` and layout `layouts[i % layouts.count]`, so a
/// failing report can be regenerated alone from the seed and layout its summary prints.
public struct ReportGenerator: Sendable {
    /// The base seed of ``corpus(count:layouts:defectRate:)``.
    public let seed: UInt64
    /// The chance that a report carries an injected defect, used when no rate is given.
    public static let defaultDefectRate = 0.45

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// `count` reports, layouts taken in turn from `layouts`.
    /// - Throws: ``TextEncoder`` failures (iconv unavailable).
    public func corpus(
        count: Int, layouts: [TextLayout] = TextLayout.allCases, defectRate: Double = defaultDefectRate
    ) throws -> [GeneratedReport] {
        precondition(!layouts.isEmpty, "corpus needs at least one layout")
        return try (0..<count).map { index in
            try Self.report(
                seed: SeededGenerator.derivedSeed(base: seed, index: index), layout: layouts[index % layouts.count],
                defectRate: defectRate)
        }
    }

    /// The report of `seed` rendered in `layout`.
    /// - Parameters:
    ///   - seed: fixes everything: body, year, values, defect, noise.
    ///   - layout: the text layout.
    ///   - defectRate: chance of one injected defect (0 for valid reports only, 1 for always one).
    ///   - noise: noise to use instead of the seed's random noise.
    ///   - extraProse: sentences added to section 五 to make the report longer.
    /// - Throws: ``TextEncoder`` failures (iconv unavailable).
    public static func report(
        seed: UInt64, layout: TextLayout, defectRate: Double = defaultDefectRate, noise: NoiseOptions? = nil,
        extraProse: Int = 0
    ) throws -> GeneratedReport {
        var builder = TruthBuilder(seed: seed)
        let truth = builder.build(layout: layout, defectRate: defectRate, extraProse: extraProse)
        var rng = SeededGenerator(seed: seed ^ 0x6E69_616E_6261_6F64)
        let noise = noise ?? NoiseOptions.random(for: layout, rng: &rng)
        let document = ReportDocument(truth: truth, noise: noise, layout: layout)
        let renderRng = SeededGenerator(seed: rng.next())
        let lines: [String]
        var garbledCells = 0
        var wrappedRows = 0
        switch layout {
        case .tabRows:
            var renderer = TabRowsRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .cellPerLine:
            var renderer = CellPerLineRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .markdown:
            var renderer = MarkdownRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .ocr:
            var renderer = OCRRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
            garbledCells = renderer.garbledCells
            wrappedRows = renderer.wrappedRows
        case .webRunTogether:
            var renderer = RunTogetherRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .singleLine:
            var renderer = SingleLineRenderer(noise: noise)
            lines = renderer.render(document)
        case .pdfRows:
            var renderer = PDFRowsRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .pdfAligned:
            var renderer = PDFAlignedRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        case .pdfColumns:
            var renderer = PDFColumnsRenderer(rng: renderRng, noise: noise)
            lines = renderer.render(document)
        }
        let bytes = try TextEncoder.encode(lines: lines, noise: noise)
        // The writers get the document in the report's label style but with plain digits.
        return GeneratedReport(
            truth: truth, layout: layout, noise: noise, bytes: bytes, blocks: document.docBlocks,
            garbledCells: garbledCells, wrappedRows: wrappedRows)
    }

    /// Only the truth of the report of `seed` in `layout` (the same as ``report(seed:layout:defectRate:noise:extraProse:)``
    /// gives, without rendering): cheap enough to search seeds for a kind of defect.
    public static func truth(seed: UInt64, layout: TextLayout, defectRate: Double = defaultDefectRate) -> ReportTruth {
        var builder = TruthBuilder(seed: seed)
        return builder.build(layout: layout, defectRate: defectRate)
    }

    /// The report of `seed` as paragraphs and tables, for the `.docx` and `.html` writers.
    ///
    /// Every defect kind applies (blank cells are real empty cells in Word and HTML); the truth is the
    /// same as that of ``report(seed:layout:defectRate:noise:extraProse:)`` in layout 1.
    public static func document(seed: UInt64, defectRate: Double = defaultDefectRate) -> GeneratedDocument {
        let truth = truth(seed: seed, layout: .tabRows, defectRate: defectRate)
        var rng = SeededGenerator(seed: seed ^ 0x6E69_616E_6261_6F64)
        var noise = NoiseOptions.random(for: .tabRows, rng: &rng)
        noise.fullWidthDigits = false
        return GeneratedDocument(
            truth: truth, blocks: ReportDocument(truth: truth, noise: noise, layout: nil).docBlocks)
    }

    /// `count` documents for the `.docx` and `.html` writers; document `i` is ``document(seed:defectRate:)``
    /// with seed `SeededGenerator.derivedSeed(base: seed, index: i)`.
    public func documents(count: Int, defectRate: Double = defaultDefectRate) -> [GeneratedDocument] {
        (0..<count).map {
            Self.document(seed: SeededGenerator.derivedSeed(base: seed, index: $0), defectRate: defectRate)
        }
    }

    /// `count` valid reports of about 9 KB each in UTF-8 (layouts 1, 2 and 3 in turn), for the
    /// throughput benchmark.
    /// - Throws: ``TextEncoder`` failures (iconv unavailable).
    public static func sample9KB(count: Int, seed: UInt64 = 9_000) throws -> [GeneratedReport] {
        let layouts: [TextLayout] = [.tabRows, .cellPerLine, .markdown]
        var reports: [GeneratedReport] = []
        var index = 0
        while reports.count < count {
            let reportSeed = SeededGenerator.derivedSeed(base: seed, index: index)
            let layout = layouts[reports.count % layouts.count]
            var noise = NoiseOptions.none
            noise.pageBreaks = true
            var extra = 0
            var report = try report(seed: reportSeed, layout: layout, defectRate: 0, noise: noise)
            while report.bytes.count < 8_600 && extra < 40 {
                extra += 2
                report = try Self.report(
                    seed: reportSeed, layout: layout, defectRate: 0, noise: noise, extraProse: extra)
            }
            index += 1
            if report.bytes.count >= 8_400 && report.bytes.count <= 9_800 { reports.append(report) }
        }
        return reports
    }
}
