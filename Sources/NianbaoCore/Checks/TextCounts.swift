/// Counts stated in the prose (收到申请N件, 办结N件, 结转N件, 行政复议N件, 行政诉讼N件) compared
/// with the tables.
enum TextCounts {
    enum Kind: CaseIterable {
        case received, concluded, carriedForward, review, litigation
    }

    static let triggers: [(Kind, String)] = [
        (.received, "收到"), (.received, "受理"), (.concluded, "办结"), (.carriedForward, "结转下年"),
        (.review, "行政复议"), (.litigation, "行政诉讼"),
    ]
    static let units: Set<Character> = ["件", "宗", "份", "起", "个", "条"]

    static func mismatches(_ report: Report) -> [Finding] {
        guard let applications = report.applications else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        for section in report.sections where section.number == 1 || section.number == 3 || section.number == 4 {
            for (kind, count, phrase) in statedCounts(section.text) {
                let readings = tableReadings(kind, applications, report.reviewLitigation)
                guard !readings.isEmpty, !readings.contains(count), seen.insert(phrase).inserted else { continue }
                findings.append(Finding(
                    code: .textTableMismatch, location: Section.ordinal(section.number),
                    zh: "正文“\(phrase)”中的数字\(count)与表格不符（表格为\(readings.map(String.init).joined(separator: "或"))）。请核对正文或表格。",
                    en: "The text says '\(phrase)' (\(count)) but the tables give \(readings.map(String.init).joined(separator: " or "))."))
            }
        }
        return findings
    }

    private static func tableReadings(_ kind: Kind, _ table: ApplicationsTable, _ review: ReviewLitigationTable?) -> [Int] {
        func total(_ row: ApplicationRow) -> Int? { table.rows[row]?[6] ?? nil }
        switch kind {
        case .received:
            guard let new = total(.new) else { return [] }
            return [new] + (total(.carriedOver).map { [new + $0] } ?? [])
        case .concluded:
            return total(.total).map { [$0] } ?? []
        case .carriedForward:
            return total(.carriedForward).map { [$0] } ?? []
        case .review:
            return review?.cells[4].map { [$0] } ?? []
        case .litigation:
            guard let direct = review?.cells[9], let after = review?.cells[14] else { return [] }
            return [direct + after]
        }
    }

    /// `(kind, number, phrase)` for each count stated right after a trigger word.
    static func statedCounts(_ text: String) -> [(Kind, Int, String)] {
        var results: [(Kind, Int, String)] = []
        let characters = Array(text)
        for (kind, trigger) in triggers {
            let word = Array(trigger)
            var index = 0
            while index + word.count <= characters.count {
                guard Array(characters[index..<index + word.count]) == word else {
                    index += 1
                    continue
                }
                // Look ahead a short window, stopping at punctuation that ends the clause.
                var cursor = index + word.count
                let limit = min(characters.count, cursor + 14)
                while cursor < limit, !"。；;，,、：:".contains(characters[cursor]) {
                    if let (value, end) = number(characters, cursor), end < characters.count {
                        var unitIndex = end
                        while unitIndex < characters.count, characters[unitIndex] == " " { unitIndex += 1 }
                        if unitIndex < characters.count, units.contains(characters[unitIndex]) {
                            let phrase = String(characters[index...unitIndex])
                            results.append((kind, value, phrase))
                        }
                        break
                    }
                    cursor += 1
                }
                index += word.count
            }
        }
        return results
    }

    private static func number(_ characters: [Character], _ start: Int) -> (Int, Int)? {
        var end = start
        var value = 0
        while end < characters.count, characters[end].isASCII, let digit = characters[end].wholeNumberValue {
            value = value * 10 + digit
            end += 1
        }
        if end > start { return (value, end) }
        let chinese: [Character: Int] = ["零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var total = 0
        var current = 0
        end = start
        while end < characters.count {
            let character = characters[end]
            if let digit = chinese[character] {
                current = digit
            } else if character == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if character == "百" {
                total += current * 100
                current = 0
            } else {
                break
            }
            end += 1
        }
        guard end > start else { return nil }
        return (total + current, end)
    }
}
