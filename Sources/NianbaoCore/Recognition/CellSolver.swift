/// Turns groups of value cells into candidate readings of a row of known width.
///
/// A group whose cells match the width is read by position. A group with too many cells loses
/// blank cells at its ends. A group with too few cells may hold numbers that ran together
/// (`1210000013` for seven cells): every split into the row's width without leading zeros is
/// tried, and only those that satisfy the row's own arithmetic are kept. What stays ambiguous is
/// returned as several candidates, never guessed.
enum CellSolver {
    /// The arithmetic a complete row must satisfy.
    enum Constraint: Sendable {
        case none
        /// The last cell is the sum of the others (a row of table 三).
        case lastIsSum
        /// Blocks of five whose fifth cell is the sum of the first four (table 四).
        case blocksOfFive
        /// A row of table 三 with the 法人或其他组织 小计 column of some local templates: cell 6 is the
        /// sum of cells 1–5, and cell 7 (总计) is cell 0 plus cell 6.
        case subtotalThenTotal
    }

    /// Where the table's headings put the first and last value column of a delimited row.
    struct ColumnHint: Sendable, Hashable {
        var first: Int?
        var last: Int?
        /// Where the table's other rows that start at the same cell put their first value, when
        /// they agree (rows whose blank ends leave no doubt); used when the headings' columns fit
        /// no alignment.
        var bodyFirst: Int?
    }

    /// The column hint of each line of a table: that of the last heading row at or before it.
    /// Kept as the heading rows' hints in line order (a table has a few), not an entry per line.
    struct LineHints: Sendable {
        private var changes: [(line: Int, hint: ColumnHint)] = []
        /// Lines after this one have no hint.
        private let lastLine: Int

        init(through lastLine: Int = Int.max) { self.lastLine = lastLine }

        /// From `line` on (lines come in order), the hint is `hint`.
        mutating func set(_ hint: ColumnHint, from line: Int) {
            guard line <= lastLine else { return }
            changes.append((line, hint))
        }

        subscript(line: Int) -> ColumnHint? {
            guard line <= lastLine else { return nil }
            var found: ColumnHint? = nil
            for change in changes {
                guard change.line <= line else { break }
                found = change.hint
            }
            return found
        }
    }

    /// Candidate readings of a row.
    struct Reading: Sendable {
        var candidates: [[CellValue?]]
        /// Cells that were blank in the source, which the table's sums may fill in.
        var blank: Set<Int> = []
        /// Cells that were unreadable in the source (OCR garbage such as `U`, `*`). They are not
        /// inferred: the number printed there may be the one that breaks the sums.
        var unreadable: Set<Int> = []
        /// Cells read differently by two groups of the same row.
        var conflicts: Set<Int> = []
        /// The row had fewer or more cells than its width and could not be aligned.
        var misaligned = false
        /// Whether several candidates come from splitting run-together digits (as opposed to not
        /// knowing on which side a blank cell sits).
        var fromSplits = false
    }

    static let maxDigitsPerCell = 7
    static let maxCandidates = 2_000

    /// Reads `groups` (the value runs after one label) as one row of `width` cells.
    static func read(_ groups: [ValueGroup], width: Int, constraint: Constraint, hint: ColumnHint? = nil) -> Reading {
        var merged: Reading? = nil
        for group in groups {
            let reading = read(group, width: width, constraint: constraint, hint: group.hint ?? hint)
            merged = merged.map { merge($0, reading, width: width) } ?? reading
        }
        guard var reading = merged else { return Reading(candidates: [Array(repeating: nil, count: width)]) }
        // A cell counts as blank only while no reading holds a value there.
        // A cell unreadable on one line and blank on another is unreadable: something was printed.
        if !reading.blank.isEmpty {
            reading.blank = reading.blank.filter { index in
                !reading.unreadable.contains(index) && reading.candidates.allSatisfy { $0[index] == nil }
            }
        }
        if !reading.unreadable.isEmpty {
            reading.unreadable = reading.unreadable.filter { index in reading.candidates.allSatisfy { $0[index] == nil } }
        }
        reading.candidates = unique(reading.candidates)
        if reading.candidates.count > 1 {
            let satisfying = reading.candidates.filter { satisfies($0, constraint) == true }
            if !satisfying.isEmpty { reading.candidates = satisfying }
        }
        return reading
    }

    static func read(_ group: ValueGroup, width: Int, constraint: Constraint, hint: ColumnHint? = nil) -> Reading {
        var tokens = group.tokens
        if tokens.count > width {
            // Blank cells at the ends are label fillers or line-end artefacts: drop them, trying
            // every split between the two ends; the headings' columns, the other rows' columns,
            // then arithmetic, choose.
            let options = alignments(of: tokens, width: width)
            if options.count == 1 {
                tokens = options[0]
            } else if options.count > 1 {
                if let hint, let chosen = options.first(where: { option in
                    (hint.first != nil && option.first?.column == hint.first) || (hint.last != nil && option.last?.column == hint.last)
                }) {
                    tokens = chosen
                } else if let first = hint?.bodyFirst, let chosen = options.first(where: { $0.first?.column == first }) {
                    tokens = chosen
                } else {
                    let readings = options.map { option in
                        Reading(
                            candidates: [option.map(value(of:))], blank: positions(of: .blank, in: option),
                            unreadable: positions(of: .garbage, in: option))
                    }
                    var candidates = readings.map { $0.candidates[0] }
                    let satisfying = candidates.filter { satisfies($0, constraint) == true }
                    if !satisfying.isEmpty { candidates = satisfying }
                    let blank = readings.map(\.blank).reduce(Set(0..<width)) { $0.intersection($1) }
                    // Unreadable under any alignment: never taken for blank (and inferred) after a merge.
                    let unreadable = readings.map(\.unreadable).reduce(Set<Int>()) { $0.union($1) }
                    return Reading(candidates: unique(candidates), blank: blank, unreadable: unreadable)
                }
            }
        }
        if tokens.count == width {
            return Reading(
                candidates: [tokens.map(value(of:))], blank: positions(of: .blank, in: tokens),
                unreadable: positions(of: .garbage, in: tokens))
        }
        if tokens.count > width {
            // The same number printed twice (OCR): drop one of two equal neighbours.
            var candidates: [[CellValue?]] = []
            for index in 0..<(tokens.count - 1) where tokens[index].kind == .number && tokens[index].digits == tokens[index + 1].digits {
                var copy = tokens
                copy.remove(at: index)
                if copy.count == width { candidates.append(copy.map(value(of:))) }
            }
            let satisfying = unique(candidates).filter { satisfies($0, constraint) == true }
            if satisfying.count == 1 { return Reading(candidates: satisfying) }
            return Reading(candidates: [Array(repeating: nil, count: width)], misaligned: true)
        }
        // Too few cells: numbers may have run together.
        let splits = splitCandidates(tokens, width: width, constraint: constraint)
        if !splits.isEmpty { return Reading(candidates: splits, fromSplits: splits.count > 1) }
        // One cell missing without a trace of where (aligned text that lost a blank): when every
        // placement of the gap, completed by the row's own sum, gives the same row, that row is
        // certain (a row of zeros, typically); which cell was blank is not, so none is listed as inferred.
        if constraint == .lastIsSum, width - tokens.count == 1, tokens.allSatisfy({ $0.kind == .number }) {
            let values = tokens.map(value(of:))
            var rows = Set<[CellValue?]>()
            for gap in 0..<width {
                var row = values
                row.insert(nil, at: gap)
                let known = row.enumerated().filter { $0.offset != gap }.compactMap { $0.element?.integer }
                guard known.count == width - 1 else { rows.insert(row); continue }
                let filled = gap == width - 1 ? known.reduce(0, +) : known[known.count - 1] - known.dropLast().reduce(0, +)
                guard filled >= 0 else { continue }
                row[gap] = .integer(filled)
                rows.insert(row)
            }
            if rows.count == 1, let row = rows.first { return Reading(candidates: [row]) }
        }
        // Cells missing without a trace of where: keep only what every placement agrees on.
        return Reading(candidates: [agreedPlacement(tokens.map(value(of:)), width: width)], misaligned: true)
    }

    /// The positions of the tokens of `kind` (blank or unreadable cells).
    static func positions(of kind: Token.Kind, in tokens: [Token]) -> Set<Int> {
        // Most rows have no blank or unreadable cell: no set is built for them.
        guard tokens.contains(where: { $0.kind == kind }) else { return [] }
        return Set(tokens.indices.filter { tokens[$0].kind == kind })
    }

    static func value(of token: Token) -> CellValue? {
        guard token.kind == .number else { return nil }
        // An amount too long to hold (over ``DecimalText/capacity`` characters) is not read.
        if token.isDecimal { return DecimalText(negative: token.negative, digits: token.digits).map(CellValue.decimal) }
        guard let integer = token.integer else { return nil }
        return .integer(integer)
    }

    /// Whether a complete candidate satisfies the constraint; `nil` when a cell is unknown.
    static func satisfies(_ values: [CellValue?], _ constraint: Constraint) -> Bool? {
        switch constraint {
        case .none: return true
        case .lastIsSum:
            return blockSatisfied(values[...])
        case .subtotalThenTotal:
            guard values.count == 8 else { return nil }
            guard let five = blockSatisfied(values[1...6]) else { return nil }
            guard let natural = values[0]?.integer, let subtotal = values[6]?.integer, let total = values[7]?.integer else {
                return nil
            }
            return five && natural + subtotal == total
        case .blocksOfFive:
            var result: Bool? = true
            for start in stride(from: 0, to: values.count, by: 5) {
                guard let block = blockSatisfied(values[start..<min(start + 5, values.count)]) else {
                    result = nil
                    continue
                }
                if !block { return false }
            }
            return result
        }
    }

    private static func blockSatisfied(_ values: ArraySlice<CellValue?>) -> Bool? {
        var sum = 0
        for value in values.dropLast() {
            guard let integer = value?.integer else { return nil }
            sum += integer
        }
        guard let last = values.last, let total = last?.integer else { return nil }
        return sum == total
    }

    /// Cells known in every placement of `values` into `width` positions (the gaps anywhere).
    static func agreedPlacement(_ values: [CellValue?], width: Int) -> [CellValue?] {
        let missing = width - values.count
        guard missing > 0, missing <= 3, !values.isEmpty else { return Array(repeating: nil, count: width) }
        var agreed: [CellValue??] = Array(repeating: .none, count: width)
        var conflicting = Set<Int>()
        func place(_ gaps: [Int]) {
            var row: [CellValue?] = []
            var source = 0
            for position in 0..<width {
                if gaps.contains(position) {
                    row.append(nil)
                } else {
                    row.append(values[source])
                    source += 1
                }
            }
            for position in 0..<width {
                switch agreed[position] {
                case .none: agreed[position] = .some(row[position])
                case .some(let existing): if existing != row[position] { conflicting.insert(position) }
                }
            }
        }
        func choose(_ start: Int, _ gaps: [Int]) {
            if gaps.count == missing {
                place(gaps)
                return
            }
            guard start < width else { return }
            for position in start..<width { choose(position + 1, gaps + [position]) }
        }
        choose(0, [])
        return (0..<width).map { conflicting.contains($0) ? nil : (agreed[$0] ?? nil) }
    }

    /// The ways to take `width` cells from `tokens` by dropping blank cells at the two ends.
    static func alignments(of tokens: [Token], width: Int) -> [[Token]] {
        guard tokens.count > width else { return [tokens] }
        let excess = tokens.count - width
        let leadingBlanks = tokens.prefix { $0.kind == .blank }.count
        let trailingBlanks = tokens.reversed().prefix { $0.kind == .blank }.count
        var options: [[Token]] = []
        for leading in 0...excess where leading <= leadingBlanks && excess - leading <= trailingBlanks {
            options.append(Array(tokens[leading..<(tokens.count - (excess - leading))]))
        }
        return options
    }

    /// For delimited groups, the column of the first value by the column the group starts at,
    /// learned from groups with one alignment only; columns where such groups disagree are left out.
    static func bodyColumns(_ groups: [ValueGroup], width: Int) -> [Int: Int] {
        var votes: [Int: Int] = [:]
        var disputed = Set<Int>()
        for group in groups where group.isDelimited {
            guard let start = group.tokens.first?.column, start >= 0, group.tokens.count >= width else { continue }
            let options = alignments(of: group.tokens, width: width)
            guard options.count == 1, let first = options[0].first?.column else { continue }
            if let vote = votes[start], vote != first { disputed.insert(start) }
            votes[start] = first
        }
        for start in disputed { votes[start] = nil }
        return votes
    }

    static func merge(_ lhs: Reading, _ rhs: Reading, width: Int) -> Reading {
        var candidates: [[CellValue?]] = []
        var conflicts = lhs.conflicts.union(rhs.conflicts)
        for left in lhs.candidates {
            for right in rhs.candidates {
                var row: [CellValue?] = []
                for index in 0..<width {
                    if conflicts.contains(index) {
                        row.append(nil)
                        continue
                    }
                    switch (left[index], right[index]) {
                    case (nil, let value), (let value, nil): row.append(value)
                    case (let a?, let b?):
                        if a == b {
                            row.append(a)
                        } else {
                            row.append(nil)
                            if lhs.candidates.count == 1 && rhs.candidates.count == 1 { conflicts.insert(index) }
                        }
                    }
                }
                candidates.append(row)
                if candidates.count >= maxCandidates { break }
            }
        }
        return Reading(
            candidates: unique(candidates), blank: lhs.blank.union(rhs.blank),
            unreadable: lhs.unreadable.union(rhs.unreadable), conflicts: conflicts,
            misaligned: lhs.misaligned || rhs.misaligned,
            fromSplits: lhs.fromSplits || rhs.fromSplits)
    }

    static func unique(_ candidates: [[CellValue?]]) -> [[CellValue?]] {
        guard candidates.count > 1 else { return candidates }
        var seen = Set<[CellValue?]>()
        return candidates.filter { seen.insert($0).inserted }
    }

    // MARK: - Splitting digits that ran together

    /// Every reading of `tokens` as `width` cells in which run-together digits are split, that
    /// satisfies `constraint` (all splits when the constraint cannot be met, if few).
    static func splitCandidates(_ tokens: [Token], width: Int, constraint: Constraint) -> [[CellValue?]] {
        let numbers = tokens.filter { $0.kind == .number }
        // A decimal (an amount) splits in its integer digits, its fraction staying with the last
        // piece: `010.4216` for 采购项目数量 and 采购总金额 is 0 and 10.4216. Only when its integer
        // part has at most ``maxDigitsPerCell`` digits: an amount may be longer than a count, and
        // cutting a longer one would leave out its true reading (12345678.5 after a count of 3).
        func integerDigits(_ token: Token) -> Substring {
            token.isDecimal ? token.digits.prefix { $0 != "." } : token.digits
        }
        let splittable = tokens.indices.filter { index in
            let token = tokens[index]
            let digits = integerDigits(token).count
            return token.kind == .number && digits > 1 && (!token.isDecimal || digits <= maxDigitsPerCell)
                && (token.glued || numbers.count == 1)
        }
        guard !splittable.isEmpty else { return [] }
        let extra = width - tokens.count
        let capacity = splittable.reduce(0) { $0 + integerDigits(tokens[$1]).count - 1 }
        guard extra > 0, capacity >= extra else { return [] }
        var results: [[CellValue?]] = []
        var unconstrained: [[CellValue?]] = []
        var prefix: [CellValue?] = []
        var budget = 200_000
        var splitters: [Int: DigitSplits] = [:]

        // Depth-first over tokens; a splittable token takes 1…n pieces.
        func visit(_ tokenIndex: Int, _ extraLeft: Int) {
            if budget <= 0 || results.count >= maxCandidates { return }
            budget -= 1
            if tokenIndex == tokens.count {
                guard extraLeft == 0 else { return }
                switch satisfies(prefix, constraint) {
                case true?: results.append(prefix)
                case nil: results.append(prefix)
                case false?: if unconstrained.count < 64 { unconstrained.append(prefix) }
                }
                return
            }
            if !partialFeasible(prefix, constraint) { return }
            let token = tokens[tokenIndex]
            guard splittable.contains(tokenIndex) else {
                prefix.append(value(of: token))
                visit(tokenIndex + 1, extraLeft)
                prefix.removeLast()
                return
            }
            let digits = integerDigits(token)
            let fraction = token.isDecimal ? token.digits[digits.endIndex...] : ""
            let splits = splitters[tokenIndex] ?? {
                let made = DigitSplits(Array(digits.utf8), maxPieces: min(digits.utf8.count, extra + 1))
                splitters[tokenIndex] = made
                return made
            }()
            let maxPieces = min(splits.digits.count, extraLeft + 1)
            for pieces in 1...maxPieces {
                splits.forEach(into: pieces) { parts in
                    let before = prefix.count
                    for (index, part) in parts.enumerated() {
                        let negative = index == 0 && token.negative
                        if index == parts.count - 1 && token.isDecimal {
                            // The last piece keeps the fraction (`.4216`), and the sign when it is also the first.
                            prefix.append(DecimalText(negative: negative, digits: String(part), fraction: fraction).map(CellValue.decimal))
                        } else {
                            prefix.append(.integer(negative ? -part : part))
                        }
                    }
                    visit(tokenIndex + 1, extraLeft - (pieces - 1))
                    prefix.removeSubrange(before...)
                    return budget > 0 && results.count < maxCandidates
                }
                if budget <= 0 || results.count >= maxCandidates { return }
            }
        }
        visit(0, extra)
        if results.isEmpty && !unconstrained.isEmpty && unconstrained.count < 64 {
            // No split satisfies the arithmetic (the report may be wrong): the splits are returned
            // for the columns to choose from; one split alone is simply the reading.
            return unconstrained
        }
        return results
    }

    /// Prunes partial readings whose completed blocks already fail the constraint.
    private static func partialFeasible(_ prefix: [CellValue?], _ constraint: Constraint) -> Bool {
        switch constraint {
        case .none, .lastIsSum, .subtotalThenTotal: return true
        case .blocksOfFive:
            let complete = prefix.count / 5 * 5
            guard complete > 0 else { return true }
            return satisfies(Array(prefix[0..<complete]), .blocksOfFive) != false
        }
    }

    /// The ways to cut one run of digits into numbers of at most ``maxDigitsPerCell`` digits
    /// without leading zeros, for 1…`maxPieces` pieces.
    ///
    /// A table of which remainders can still be cut into how many pieces, made once per run,
    /// keeps the enumeration on paths that end in a split: the work is bounded by the splits there
    /// are (times the depth), not by the paths that fail late. Without it a 44-digit run with many
    /// zeros, to be cut into a row of table 四, took a minute of dead ends.
    struct DigitSplits {
        let digits: [UInt8]
        let maxPieces: Int
        /// `feasible[left * (digits.count + 1) + position]`: `digits[position...]` can be cut into `left` pieces.
        private let feasible: [Bool]

        init(_ digits: [UInt8], maxPieces: Int) {
            self.digits = digits
            self.maxPieces = max(0, maxPieces)
            let count = digits.count
            var feasible = [Bool](repeating: false, count: (self.maxPieces + 1) * (count + 1))
            feasible[count] = true  // no digits left, no pieces left
            if self.maxPieces >= 1 {
                for left in 1...self.maxPieces {
                    for position in stride(from: count - 1, through: 0, by: -1) {
                        let longest = min(CellSolver.maxDigitsPerCell, count - position)
                        for length in 1...longest {
                            if length > 1 && digits[position] == UInt8(ascii: "0") { break }
                            if feasible[(left - 1) * (count + 1) + position + length] {
                                feasible[left * (count + 1) + position] = true
                                break
                            }
                        }
                    }
                }
            }
            self.feasible = feasible
        }

        /// Calls `body` with each split into `pieces` numbers, shorter first pieces first, until
        /// `body` returns `false`.
        func forEach(into pieces: Int, _ body: ([Int]) -> Bool) {
            let count = digits.count
            guard pieces >= 1, pieces <= maxPieces, feasible[pieces * (count + 1)] else { return }
            var parts: [Int] = []
            parts.reserveCapacity(pieces)
            var stopped = false
            func go(_ position: Int, _ left: Int) {
                if left == 0 {
                    if !body(parts) { stopped = true }
                    return
                }
                let longest = min(CellSolver.maxDigitsPerCell, count - position)
                var value = 0
                for length in 1...longest {
                    if length > 1 && digits[position] == UInt8(ascii: "0") { break }
                    value = value * 10 + Int(digits[position + length - 1] - 48)
                    guard feasible[(left - 1) * (count + 1) + position + length] else { continue }
                    parts.append(value)
                    go(position + length, left - 1)
                    parts.removeLast()
                    if stopped { return }
                }
            }
            go(0, pieces)
        }
    }
}
