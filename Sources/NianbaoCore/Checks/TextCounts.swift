/// Counts stated in the prose (收到申请N件, 办结N件, 结转N件, 行政复议N件, 行政诉讼N件) compared
/// with the tables.
enum TextCounts {
    enum Kind: CaseIterable {
        case received, concluded, carriedForward, review, litigation
    }

    static let triggers: [(Kind, [Unicode.Scalar])] = [
        (.received, Array("收到".unicodeScalars)), (.received, Array("受理".unicodeScalars)),
        (.concluded, Array("办结".unicodeScalars)), (.carriedForward, Array("结转下年".unicodeScalars)),
        (.review, Array("行政复议".unicodeScalars)), (.litigation, Array("行政诉讼".unicodeScalars)),
    ]
    /// Units after a stated count: 件 宗 份 起 个 条. (A switch: a `Set` hashed every scalar looked at.)
    @inline(__always)
    static func isUnit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4EF6, 0x5B97, 0x4EFD, 0x8D77, 0x4E2A, 0x6761: true
        default: false
        }
    }

    /// Marks that end a clause: 。 ； ; ， , 、 ： :
    @inline(__always)
    static func isClauseEnd(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3002, 0xFF1B, 0x3B, 0xFF0C, 0x2C, 0x3001, 0xFF1A, 0x3A: true
        default: false
        }
    }

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
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            // Triggers all start with one of 收 受 办 结 行.
            let scalar = scalars[index]
            guard scalar == "收" || scalar == "受" || scalar == "办" || scalar == "结" || scalar == "行" else { continue }
            for (kind, word) in triggers where word[0] == scalar && index + word.count <= scalars.count {
                guard scalars[index..<index + word.count].elementsEqual(word) else { continue }
                var cursor = index + word.count
                let limit = min(scalars.count, cursor + 14)
                while cursor < limit, !isClauseEnd(scalars[cursor]) {
                    guard let (value, end) = number(scalars, cursor) else {
                        cursor += 1
                        continue
                    }
                    // Too many digits to be a count (and more than an Int holds): no count stated here.
                    guard let value else { break }
                    if end < scalars.count {
                        var unitIndex = end
                        while unitIndex < scalars.count, scalars[unitIndex] == " " { unitIndex += 1 }
                        if unitIndex < scalars.count, isUnit(scalars[unitIndex]) {
                            var phrase = String.UnicodeScalarView()
                            phrase.append(contentsOf: scalars[index...unitIndex])
                            results.append((kind, value, String(phrase)))
                        }
                        break
                    }
                    cursor += 1
                }
            }
        }
        return results
    }

    /// The value of a Chinese digit (零 一 二 两 三 四 五 六 七 八 九), or `nil`.
    @inline(__always)
    static func chineseDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x96F6: 0
        case 0x4E00: 1
        case 0x4E8C, 0x4E24: 2
        case 0x4E09: 3
        case 0x56DB: 4
        case 0x4E94: 5
        case 0x516D: 6
        case 0x4E03: 7
        case 0x516B: 8
        case 0x4E5D: 9
        default: nil
        }
    }

    /// The number starting at `start` (ASCII digits, or Chinese numerals up to 百) and the index
    /// after it; `nil` when none starts there. The value is `nil` for a run of more than twelve
    /// digits, which is no count.
    private static func number(_ scalars: [Unicode.Scalar], _ start: Int) -> (Int?, Int)? {
        var end = start
        var value = 0
        while end < scalars.count, scalars[end].value >= 0x30 && scalars[end].value <= 0x39 {
            if end - start < 12 { value = value * 10 + Int(scalars[end].value - 0x30) }
            end += 1
        }
        if end > start { return (end - start > 12 ? nil : value, end) }
        var total = 0
        var current = 0
        while end < scalars.count {
            let scalar = scalars[end]
            if let digit = chineseDigit(scalar) {
                current = digit
            } else if scalar == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if scalar == "百" {
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
