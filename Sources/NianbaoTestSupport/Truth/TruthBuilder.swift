import NianbaoCore

/// Builds a ``ReportTruth``: a realistic body, year and prose, consistent tables, then at most one
/// injected defect recorded with the code it must produce.
struct TruthBuilder {
    var rng: SeededGenerator
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        self.rng = SeededGenerator(seed: seed)
    }

    /// Defect kinds that make sense for a report of `year` rendered in `layout`.
    static func applicableDefects(year: Int, layout: TextLayout) -> [Defect.Kind] {
        Defect.Kind.allCases.filter { kind in
            switch kind {
            case .sec6FeeMissing, .sec1TooLong, .oldProactiveFormat, .oldApplicationsFormat: return year >= 2021
            case .missingCellApplications, .missingCellReview, .missingCellProactive, .inferredCells, .negativeValue:
                // Cells run together leave no trace of a blank cell, and a minus sign is a blank mark there.
                return layout != .webRunTogether
            default: return true
            }
        }
    }

    /// Builds the truth. `defectRate` is the chance of one injected defect; `extraProse` adds
    /// sentences to section 五 to grow the report.
    mutating func build(layout: TextLayout, defectRate: Double, extraProse: Int = 0) -> ReportTruth {
        let (organization, pronoun, isBureau) = makeOrganization()
        let year = rng.int(2019...2025)
        let format = FormatVersion.expected(forYear: year)
        let hasTitle = rng.chance(0.75)
        let published: String? =
            (!hasTitle || rng.chance(0.6)) ? Self.isoDate(year: year + 1, month: 1, day: rng.int(5...28)) : nil
        var defectKind: Defect.Kind?
        if rng.chance(defectRate) {
            defectKind = rng.pick(Self.applicableDefects(year: year, layout: layout))
        }

        let proactiveFormat: FormatVersion = defectKind == .oldProactiveFormat ? .v2019 : format
        let applicationsFormat: FormatVersion = defectKind == .oldApplicationsFormat ? .v2019 : format
        let volume = TableValueGenerator.volume(&rng)
        var truth = ReportTruth(
            seed: seed, organization: organization, year: year, format: format, proactiveFormat: proactiveFormat,
            applicationsFormat: applicationsFormat, published: published, hasTitle: hasTitle, preamble: [],
            sections: [],
            proactive: TableValueGenerator.proactive(format: proactiveFormat, isBureau: isBureau, rng: &rng),
            applications: TableValueGenerator.applications(format: applicationsFormat, volume: volume, rng: &rng),
            reviewLitigation: TableValueGenerator.reviewLitigation(volume: volume, rng: &rng),
            subtotalColumn: false, blankCells: [], expectedInferred: [], defects: [], toleratedCodes: [])

        var injector = DefectInjector(rng: rng)
        if let defectKind { injector.inject(defectKind, into: &truth) }
        rng = injector.rng

        let writer = ProseWriter(organization: organization, pronoun: pronoun, year: year)
        let sec1 = writer.overview(
            applications: truth.applications, review: truth.reviewLitigation, tooLong: defectKind == .sec1TooLong,
            rng: &rng)
        let sec5: [String]
        switch defectKind {
        case .sec5Empty: sec5 = [rng.pick(["无", "无。", "无。 "])]
        case .sec5Incomplete: sec5 = writer.problems(problemsOnly: true, extra: 0, rng: &rng)
        default: sec5 = writer.problems(problemsOnly: false, extra: extraProse, rng: &rng)
        }
        let sec6 = writer.otherMatters(
            applications: truth.applications, omitFee: defectKind == .sec6FeeMissing, rng: &rng)
        var sections = [
            SectionTruth(number: 1, heading: "总体情况", paragraphs: sec1),
            SectionTruth(number: 2, heading: rng.chance(0.85) ? "主动公开政府信息情况" : "行政机关主动公开政府信息情况", paragraphs: []),
            SectionTruth(
                number: 3, heading: rng.chance(0.9) ? "收到和处理政府信息公开申请情况" : "行政机关收到和处理政府信息公开申请情况",
                paragraphs: []),
            SectionTruth(
                number: 4,
                heading: [
                    "政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                    "政府信息公开行政法复议、行政诉讼情况",
                ][rng.weightedIndex([16, 3, 1])],
                paragraphs: []),
            SectionTruth(
                number: 5, heading: rng.chance(0.85) ? "存在的主要问题及改进情况" : "政府信息公开工作存在的主要问题及改进情况",
                paragraphs: sec5),
            SectionTruth(number: 6, heading: "其他需要报告的事项", paragraphs: sec6),
        ]
        if case .sectionMissing = defectKind {
            let dropped = [2, 3, 4, 5, 5, 6, 6][rng.int(0...6)]
            sections.removeAll { $0.number == dropped }
            switch dropped {
            case 2: truth.proactive = nil
            case 3: truth.applications = nil
            case 4: truth.reviewLitigation = nil
            default: break
            }
            truth.blankCells = []
            truth.defects = [
                Defect(
                    kind: .sectionMissing, code: .sectionMissing, severity: .error,
                    detail: "section \(Section.ordinal(dropped)) left out")
            ]
            truth.toleratedCodes = [.tableMissing, .sec5Empty, .sec6FeeMissing, .missingCell]
        }
        truth.sections = sections
        if rng.chance(0.35) {
            // The national template's preamble names every section: a trap for a heading search.
            let author = hasTitle ? organization : "本单位"
            truth.preamble = [
                "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由\(author)编制。全文包括总体情况、"
                    + "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
                    + "存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自\(year)年1月1日起至"
                    + "\(year)年12月31日止。"
            ]
        }
        truth.subtotalColumn = rng.chance(0.06)
        return truth
    }

    static func isoDate(year: Int, month: Int, day: Int) -> String {
        "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") + "-" + (day < 10 ? "0\(day)" : "\(day)")
    }

    private mutating func makeOrganization() -> (name: String, pronoun: String, isBureau: Bool) {
        let district = rng.pick(PhraseBank.districts) + "区"
        switch rng.weightedIndex([40, 25, 25, 10]) {
        case 0:
            return ("广州市\(district)\(rng.pick(PhraseBank.streets))街道办事处", rng.pick(["我街", "我街道", "本单位"]), false)
        case 1:
            return ("广州市\(district)人民政府\(rng.pick(PhraseBank.streets))街道办事处", rng.pick(["我街", "本街道"]), false)
        case 2:
            return ("广州市\(district)\(rng.pick(PhraseBank.bureaus))", rng.pick(["我局", "本单位"]), true)
        default:
            return ("广州市\(district)\(rng.pick(PhraseBank.towns))镇人民政府", rng.pick(["我镇", "本镇"]), false)
        }
    }
}
