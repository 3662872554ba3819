/// Reads publication dates such as `2022-01-13`, `2022/1/13 10:30` or `2022年1月13日`.
enum PublicationDate {
    /// The meta names that carry a page's publication date, lower case.
    static let metaNames: Set<String> = [
        "pubdate", "publishdate", "publish_date", "publish-date", "published", "publishtime", "publish_time",
        "firstpublishedtime", "article:published_time", "dc.date", "dc.date.issued", "dcterms.issued",
        "发布日期", "发布时间", "pub_date", "releasedate",
    ]

    /// The labels that precede a publication date in the visible text.
    static let textLabels = ["发布日期", "发布时间", "发文日期", "成文日期"]

    /// `yyyy-MM-dd` for the first date at the start of `text` (after white space), or `nil`.
    static func parse<S: StringProtocol>(_ text: S) -> String? {
        var numbers: [Int] = []
        var current: Int?
        var digits = 0
        for character in text.drop(while: { $0.isWhitespace }) {
            if let value = character.wholeNumberValue, character.isASCII || ("０"..."９").contains(character) {
                current = (current ?? 0) * 10 + value
                digits += 1
                if digits > 4 { return nil }
            } else {
                if let number = current {
                    numbers.append(number)
                    current = nil
                    digits = 0
                    if numbers.count == 3 { break }
                }
                guard "-/.年月日 ".contains(character) else { break }
            }
        }
        if let number = current, numbers.count < 3 { numbers.append(number) }
        guard numbers.count == 3 else { return nil }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1990...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// The date after the first publication label in `text` (`发布日期：2022-01-13`), or `nil`.
    static func fromText(_ text: String) -> String? {
        for label in textLabels {
            var rest = text[...]
            while let range = rest.range(of: label) {
                let after = rest[range.upperBound...].drop { $0 == ":" || $0 == "：" || $0.isWhitespace }
                if let date = parse(after) { return date }
                rest = rest[range.upperBound...]
            }
        }
        return nil
    }
}
