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

    /// The trigger words as UTF-8, one after another, in the order of ``triggers``; ``triggerRanges``
    /// locate each in it. (Plain values: looping over arrays of arrays retained each element.)
    static let triggerBytes: [UInt8] = triggers.flatMap { _, word in Array(String(String.UnicodeScalarView(word)).utf8) }
    static let triggerRanges: [(kind: Kind, range: Range<Int>)] = {
        var start = 0
        return triggers.map { kind, word in
            let length = String(String.UnicodeScalarView(word)).utf8.count
            defer { start += length }
            return (kind, start..<(start + length))
        }
    }()

    /// `(kind, number, phrase)` for each count stated right after a trigger word: the number (ASCII
    /// digits or Chinese numerals) among the 14 characters after the trigger and before a clause
    /// ends, followed by a unit. Works on the text's UTF-8 bytes (decoding every scalar into an
    /// array first cost more than the search).
    static func statedCounts(_ text: String) -> [(Kind, Int, String)] {
        var text = text
        return text.withUTF8 { statedCounts(utf8: $0) }
    }

    /// Where each trigger word occurs in `bytes`, in text order: `(offset, index in triggerRanges)`.
    /// Each word is found with ``Swift/String/byteOffset(of:in:)`` (`memchr` on its last byte in
    /// long texts) instead of looking at every character: most of a section's characters start no
    /// trigger, and stepping through them one by one cost more than the rest of the reading.
    private static func triggerOccurrences(_ bytes: UnsafeBufferPointer<UInt8>) -> [(offset: Int, trigger: Int)] {
        var occurrences: [(offset: Int, trigger: Int)] = []
        triggerBytes.withUnsafeBufferPointer { words in
            for (trigger, entry) in triggerRanges.enumerated() {
                let word = UnsafeBufferPointer(rebasing: words[entry.range])
                var from = 0
                while from < bytes.count,
                    let found = String.byteOffset(of: word, in: UnsafeBufferPointer(rebasing: bytes[from...]))
                {
                    // A match of a whole UTF-8 sequence starts at a character in valid UTF-8.
                    occurrences.append((from + found, trigger))
                    from += found + 1
                }
            }
        }
        // Text order; at one offset, the order of the triggers (no two words share a start today).
        occurrences.sort { $0.offset != $1.offset ? $0.offset < $1.offset : $0.trigger < $1.trigger }
        return occurrences
    }

    private static func statedCounts(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [(Kind, Int, String)] {
        var results: [(Kind, Int, String)] = []
        let count = bytes.count
        @inline(__always) func scalar(at index: Int) -> (Unicode.Scalar, Int) {
            // A String's bytes are valid UTF-8: a scalar starts at every index this is asked for.
            let (value, length) = UTF8Bytes.scalar(in: bytes, at: index) ?? (UInt32(bytes[index]), 1)
            return (Unicode.Scalar(value) ?? " ", length)
        }
        for (index, trigger) in triggerOccurrences(bytes) {
            let (kind, range) = triggerRanges[trigger]
            var cursor = index + range.count
            var steps = 0
            while steps < 14, cursor < count {
                let (current, length) = scalar(at: cursor)
                if isClauseEnd(current) { break }
                guard let (value, end) = number(bytes, cursor) else {
                    cursor += length
                    steps += 1
                    continue
                }
                // Too many digits to be a count (and more than an Int holds): no count stated here.
                guard let value else { break }
                if end < count {
                    var unitIndex = end
                    while unitIndex < count, bytes[unitIndex] == 0x20 { unitIndex += 1 }
                    if unitIndex < count {
                        let (unit, unitLength) = scalar(at: unitIndex)
                        if isUnit(unit) {
                            let phrase = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(unitIndex + unitLength)]), as: UTF8.self)
                            results.append((kind, value, phrase))
                        }
                    }
                    break
                }
                cursor += length
                steps += 1
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

    /// The number starting at byte `start` (ASCII digits, or Chinese numerals up to 百) and the
    /// byte index after it; `nil` when none starts there. The value is `nil` for a run of more than
    /// twelve digits, which is no count.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int?, Int)? {
        var end = start
        var value = 0
        while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 {
            if end - start < 12 { value = value * 10 + Int(bytes[end] - 0x30) }
            end += 1
        }
        if end > start { return (end - start > 12 ? nil : value, end) }
        var total = 0
        var current = 0
        while end < bytes.count, let (scalarValue, length) = UTF8Bytes.scalar(in: bytes, at: end),
            let scalar = Unicode.Scalar(scalarValue)
        {
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
            end += length
        }
        guard end > start else { return nil }
        return (total + current, end)
    }
}
