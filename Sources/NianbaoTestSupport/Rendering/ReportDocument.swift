import NianbaoCore

/// A report as an ordered list of parts — title, headings, paragraphs, tables, signature — ready for
/// a text layout or for the ``DocBlock`` writers.
struct ReportDocument: Sendable {
    enum Part: Sendable {
        case title(String)
        case heading(number: Int, text: String)
        case paragraph(String)
        case table(TableGrid)
        case signature(String)
        case date(String)
    }

    var parts: [Part]

    /// Composes the parts of `truth` in the label style of `noise`.
    init(truth: ReportTruth, noise: NoiseOptions, layout: TextLayout?) {
        let style = LabelStyle(noise: noise)
        let builder = TableGridBuilder(truth: truth, style: style)
        var parts: [Part] = []
        if truth.hasTitle {
            let year = noise.spacedTitle && layout?.spaceSeparated != true ? " \(truth.year) 年" : "\(truth.year)年"
            parts.append(.title("\(truth.organization)\(year)政府信息公开工作年度报告"))
        }
        parts += truth.preamble.map { .paragraph(style.digits($0)) }
        for section in truth.sections {
            parts.append(
                .heading(number: section.number, text: "\(Section.ordinal(section.number))、\(section.heading)"))
            parts += section.paragraphs.map { .paragraph(style.digits($0)) }
            switch section.number {
            case 2: if let table = truth.proactive { parts.append(.table(builder.proactive(table))) }
            case 3: if let table = truth.applications { parts.append(.table(builder.applications(table))) }
            case 4: if let table = truth.reviewLitigation { parts.append(.table(builder.reviewLitigation(table))) }
            default: break
            }
        }
        if !truth.hasTitle || truth.published != nil {
            parts.append(.signature(truth.organization))
        }
        if let published = truth.published {
            let fields = published.split(separator: "-").compactMap { Int($0) }
            parts.append(.date(style.digits("\(fields[0])年\(fields[1])月\(fields[2])日")))
        }
        self.parts = parts
    }

    /// The document as paragraphs and tables for the `.docx` and `.html` writers.
    var docBlocks: [DocBlock] {
        parts.map { part in
            switch part {
            case .title(let text), .paragraph(let text), .signature(let text), .date(let text): .paragraph(text)
            case .heading(_, let text): .paragraph(text)
            case .table(let grid): grid.docBlock
            }
        }
    }
}
