import NianbaoCore

/// Applies a report's ``NoiseOptions`` to labels and numbers.
struct LabelStyle {
    let noise: NoiseOptions

    /// A label as this report writes it.
    func label(_ template: String) -> String {
        var text = template
        if noise.shortUnable2 { text = text.replacingAll("需要另行制作", with: "需另行制作") }
        switch noise.quotes {
        case .curly: break
        case .straight: text = text.replacingAll("“", with: "\"").replacingAll("”", with: "\"")
        case .corner: text = text.replacingAll("“", with: "「").replacingAll("”", with: "」")
        }
        switch noise.brackets {
        case .fullWidth: break
        case .ascii:
            text = text.replacingAll("（", with: "(").replacingAll("）", with: ")")
        case .asciiSpaced:
            text = text.replacingAll("（", with: "(").replacingAll("）", with: ")").replacingAll("，", with: ", ")
            // A space after a leading ordinal bracket: `(一) 予以公开`.
            if text.hasPrefix("("), let close = text.firstIndex(of: ")"),
                text.distance(from: text.startIndex, to: close) <= 2,
                text.index(after: close) < text.endIndex
            {
                text.insert(" ", at: text.index(after: close))
            }
        case .ocrDash:
            text = text.replacingAll("（一）", with: "(-)")
        }
        if let first = text.unicodeScalars.first, ("1"..."9").contains(first), text.count > 2 {
            let second = text.index(after: text.startIndex)
            if text[second] == "." {
                switch noise.subItem {
                case .dot: break
                case .dotSpace: text.insert(" ", at: text.index(after: second))
                case .comma: text.replaceSubrange(second...second, with: "、")
                }
            }
        }
        return text
    }

    /// A count as printed.
    func count(_ value: Int, signed: Bool = false) -> String {
        var text = String(value)
        if signed && value > 0 && noise.plusSigns { text = "+" + text }
        return digits(text)
    }

    /// A cell value of table 二 as printed.
    func value(_ value: CellValue, signed: Bool) -> String {
        switch value {
        case .integer(let number): count(number, signed: signed)
        case .decimal(let text): digits(text.text)
        }
    }

    func digits(_ text: String) -> String {
        guard noise.fullWidthDigits else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    ("0"..."9").contains(scalar) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
                }))
    }
}

extension String {
    /// Every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
