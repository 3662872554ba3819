/// The noise a rendering adds on top of the layout: label variants, character widths, page breaks,
/// line endings and the encoding. Drawn per report from its seed.
public struct NoiseOptions: Sendable, Hashable, CustomStringConvertible {
    /// How the brackets of （一）-style labels are written.
    public enum Brackets: String, Sendable, Hashable, CaseIterable {
        /// `（一）予以公开`, the template.
        case fullWidth
        /// `(一)予以公开`.
        case ascii
        /// `(一) 予以公开` with ASCII commas inside (seed 000, 004).
        case asciiSpaced
        /// `(-)` for （一）, as OCR leaves it; otherwise full width.
        case ocrDash
    }

    /// How sub-item numbers are written.
    public enum SubItem: String, Sendable, Hashable, CaseIterable {
        case dot, dotSpace, comma
    }

    /// Quote marks around 三安全一稳定.
    public enum Quotes: String, Sendable, Hashable, CaseIterable {
        case curly, straight, corner
    }

    /// Line endings of the file.
    public enum LineEnding: String, Sendable, Hashable, CaseIterable {
        case lf, crlf
    }

    /// The file's encoding.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        case utf8, utf8BOM, gb18030, utf16leBOM

        /// The name ``NianbaoCore/TextDecoder`` reports for it.
        public var decoderName: String {
            switch self {
            case .utf8, .utf8BOM: "utf-8"
            case .gb18030: "gb18030"
            case .utf16leBOM: "utf-16le"
            }
        }
    }

    public var brackets: Brackets
    public var subItem: SubItem
    public var quotes: Quotes
    /// `需另行制作` instead of `需要另行制作`.
    public var shortUnable2: Bool
    /// `规范性文件` instead of `行政规范性文件` in a 2021-format table 二.
    public var shortNormative: Bool
    /// Numbers written with full-width digits (`１２`).
    public var fullWidthDigits: Bool
    /// Page breaks inside table 三 (and, in PDF layouts, inside the prose).
    public var pageBreaks: Bool
    /// Positive 本年增/减 written with a plus sign.
    public var plusSigns: Bool
    /// A title written with spaces around the year (`… 2021 年政府信息公开…`).
    public var spacedTitle: Bool
    /// Markdown headings (`## 二、…`) in the Markdown layout.
    public var headingMarks: Bool
    /// What a blank cell shows in layouts where an empty cell would vanish.
    public var blankMark: String
    public var lineEnding: LineEnding
    public var encoding: Encoding

    /// Noise that changes nothing: template labels, ASCII digits, UTF-8, LF.
    public static let none = NoiseOptions(
        brackets: .fullWidth, subItem: .dot, quotes: .curly, shortUnable2: false, shortNormative: false,
        fullWidthDigits: false, pageBreaks: false, plusSigns: false, spacedTitle: false, headingMarks: false,
        blankMark: "/", lineEnding: .lf, encoding: .utf8)

    public init(
        brackets: Brackets, subItem: SubItem, quotes: Quotes, shortUnable2: Bool, shortNormative: Bool,
        fullWidthDigits: Bool, pageBreaks: Bool, plusSigns: Bool, spacedTitle: Bool, headingMarks: Bool,
        blankMark: String, lineEnding: LineEnding, encoding: Encoding
    ) {
        self.brackets = brackets
        self.subItem = subItem
        self.quotes = quotes
        self.shortUnable2 = shortUnable2
        self.shortNormative = shortNormative
        self.fullWidthDigits = fullWidthDigits
        self.pageBreaks = pageBreaks
        self.plusSigns = plusSigns
        self.spacedTitle = spacedTitle
        self.headingMarks = headingMarks
        self.blankMark = blankMark
        self.lineEnding = lineEnding
        self.encoding = encoding
    }

    /// Random noise suitable for `layout`.
    public static func random(for layout: TextLayout, rng: inout SeededGenerator) -> NoiseOptions {
        var brackets = Brackets.allCases[rng.weightedIndex([5, 3, 2, 1])]
        var subItem = SubItem.allCases[rng.weightedIndex([6, 2, 2])]
        if layout.spaceSeparated {
            // Labels with inner spaces would read as extra cells where cells are space-separated.
            if brackets == .asciiSpaced { brackets = .ascii }
            if subItem == .dotSpace { subItem = .dot }
        }
        return NoiseOptions(
            brackets: brackets, subItem: subItem, quotes: Quotes.allCases[rng.weightedIndex([6, 3, 1])],
            shortUnable2: rng.chance(0.25), shortNormative: rng.chance(0.3), fullWidthDigits: rng.chance(0.12),
            pageBreaks: rng.chance(0.5), plusSigns: rng.chance(0.5), spacedTitle: rng.chance(0.3),
            headingMarks: rng.chance(0.5), blankMark: rng.pick(["/", "-", "—", "－", "／"]),
            lineEnding: rng.chance(0.25) ? .crlf : .lf, encoding: Encoding.allCases[rng.weightedIndex([5, 2, 4, 1])])
    }

    public var description: String {
        var parts = ["brackets=\(brackets.rawValue)", "sub=\(subItem.rawValue)", "quotes=\(quotes.rawValue)"]
        if shortUnable2 { parts.append("需另行制作") }
        if shortNormative { parts.append("规范性文件") }
        if fullWidthDigits { parts.append("fullwidth") }
        if pageBreaks { parts.append("pagebreaks") }
        parts += ["blank=\(blankMark)", lineEnding.rawValue, encoding.rawValue]
        return parts.joined(separator: " ")
    }
}
