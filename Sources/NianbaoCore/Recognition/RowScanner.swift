/// Walks token lines and collects, for each labelled row, the groups of value cells that follow it.
///
/// A row's values may come on the label's own line (tab, pipe, aligned or table rows), on the
/// following one-cell lines (text copied out of Word, one long line of tokens), or on wrapped
/// continuation lines of an OCR'd table; each such run is one *group*, aligned by position later.
struct RowScanner<Row: Hashable> {
    /// One labelled row with its value groups.
    struct Hit {
        var row: Row
        var groups: [ValueGroup]
        var firstLine: Int
        var lastLine: Int
    }

    /// The decision for a run of values: the row its label names, more values of the current row,
    /// or the end of the table.
    enum Decision {
        case row(Row)
        case continuation
        /// Values under a table heading rather than after a label: dropped.
        case ignore
        case stop
    }

    /// Decides what the label text before a run of values names.
    /// `own` is the text right before the values, `all` every text since the previous values.
    let decide: (_ own: String, _ all: String, _ current: Row?) -> Decision
    /// Whether a text run ends the table (a section heading after the table, say).
    let isBoundary: (_ text: String, _ current: Row?) -> Bool
    /// Whether a label cell that names no row begins a row of its own (it starts with an item
    /// ordinal, `1.` or `(二) 部`), rather than continuing the current row's wrapped label. Such a
    /// row stays *unresolved* until the text of the lines after it completes its label; its values
    /// never join the row before it. `nil`: every unrecognised label continues the current row.
    let startsRow: ((_ labelCell: String) -> Bool)?

    private(set) var hits: [Hit] = []
    private var pending: [String] = []
    private var bufferedBlanks: [Token] = []
    private var stream: ValueGroup? = nil
    private var skippingStream = false
    private(set) var stopped = false
    /// A row whose label cell began a row but named none yet: its label so far and its values.
    private var unresolved: (label: String, groups: [ValueGroup], firstLine: Int, lastLine: Int)? = nil

    init(
        decide: @escaping (_ own: String, _ all: String, _ current: Row?) -> Decision,
        isBoundary: @escaping (_ text: String, _ current: Row?) -> Bool,
        startsRow: ((_ labelCell: String) -> Bool)? = nil
    ) {
        self.decide = decide
        self.isBoundary = isBoundary
        self.startsRow = startsRow
    }

    var current: Row? { hits.last?.row }

    /// Feeds lines until the table ends; returns the index of the line after the table.
    mutating func scan(_ lines: ArraySlice<TokenLine>) -> Int {
        for line in lines {
            if stopped { return line.index }
            feed(line)
            if stopped { return line.index }
        }
        closeStream()
        return lines.endIndex
    }

    private mutating func feed(_ line: TokenLine) {
        if line.isEmpty {
            closeStream()
            skippingStream = false
            return
        }
        if line.isDelimited {
            closeStream()
            feedDelimited(line)
        } else {
            for token in line.tokens {
                feedStream(token)
                if stopped { return }
            }
        }
    }

    private mutating func feedDelimited(_ line: TokenLine) {
        let tokens = line.tokens
        guard let firstNumber = tokens.firstIndex(where: { $0.kind == .number }) ?? unreadableValues(tokens) else {
            if let text = Self.joinedTexts(tokens[...]) {
                if hits.isEmpty == false, isBoundary(text, current) {
                    stopped = true
                    return
                }
                if unresolved != nil, absorb(text) { return }
                pending.append(text)
            }
            bufferedBlanks.removeAll()
            return
        }
        let lastText = tokens[..<firstNumber].lastIndex { $0.kind == .text }
        let regionStart = lastText.map { $0 + 1 } ?? 0
        let own = Self.joinedTexts(tokens[..<firstNumber]) ?? ""
        var region = Array(tokens[regionStart...])
        for index in region.indices where region[index].kind == .text { region[index].kind = .garbage }
        let group = ValueGroup(tokens: region, isDelimited: true, line: line.index)
        accept(group, own: own, labelCell: lastText.map { tokens[$0].text } ?? "", line: line.index)
    }

    /// Where the values start in a delimited line that has no number: a row's label followed by
    /// cells that are all blank or unreadable (`行政处罚 | I` from OCR, `行政处罚 | ` left blank). Its
    /// cells are then read as blank or unreadable rather than the row taken for absent. `nil` for
    /// any other line, and when the text before the cells names no row.
    private func unreadableValues(_ tokens: [Token]) -> Int? {
        guard let first = tokens.firstIndex(where: { $0.kind == .garbage || $0.kind == .blank }), first > 0,
            tokens[first...].allSatisfy({ $0.kind == .garbage || $0.kind == .blank }),
            let label = Self.joinedTexts(tokens[..<first])
        else { return nil }
        if case .row = decide(label, label, current) { return first }
        return nil
    }

    /// The texts of the text tokens of `tokens` joined, or `nil` when there are none. Built
    /// without copying the tokens; a lone text is used as it is.
    private static func joinedTexts(_ tokens: ArraySlice<Token>) -> String? {
        var joined: String? = nil
        for token in tokens where token.kind == .text {
            if joined == nil { joined = token.text } else { joined! += token.text }
        }
        return joined
    }

    private mutating func feedStream(_ token: Token) {
        switch token.kind {
        case .text:
            skippingStream = false
            if let open = stream, open.hasNumber {
                closeStream()
            }
            if !hits.isEmpty, isBoundary(token.text, current) {
                stopped = true
                return
            }
            if unresolved != nil, absorb(token.text) { return }
            pending.append(token.text)
            bufferedBlanks.removeAll()
        case .blank, .garbage:
            if stream != nil {
                stream!.tokens.append(token)
            } else {
                bufferedBlanks.append(token)
            }
        case .number:
            if skippingStream { return }
            if stream != nil {
                stream!.tokens.append(token)
                return
            }
            // Room for a row's seven or eight cells from the start: values arrive one at a time.
            var tokens: [Token] = []
            tokens.reserveCapacity(max(8, bufferedBlanks.count + 1))
            tokens.append(contentsOf: bufferedBlanks)
            tokens.append(token)
            let group = ValueGroup(tokens: tokens, isDelimited: false, line: token.line)
            bufferedBlanks.removeAll(keepingCapacity: true)
            startStream(group)
        }
    }

    private mutating func startStream(_ group: ValueGroup) {
        let own = pending.last ?? ""
        let all = pending.count == 1 ? own : pending.joined()
        pending.removeAll()
        switch classify(own: own, all: all, labelCell: own, delimited: false, line: group.line) {
        case .stop:
            stopped = true
        case .row(let row):
            let adopted = adoptUnresolved(as: row, own: own, labelCell: own)
            hits.append(Hit(row: row, groups: adopted.groups, firstLine: min(adopted.firstLine, group.line), lastLine: group.line))
            stream = group
        case .continuation:
            stream = hits.isEmpty ? nil : group
        case .ignore:
            stream = nil
            skippingStream = true
        }
    }

    private mutating func closeStream() {
        guard let open = stream else { return }
        stream = nil
        guard open.hasNumber, !hits.isEmpty else { return }
        let last = open.tokens.last?.line ?? open.line
        if unresolved != nil {
            unresolved!.groups.append(open)
            unresolved!.firstLine = min(unresolved!.firstLine, open.line)
            unresolved!.lastLine = max(unresolved!.lastLine, last)
            return
        }
        hits[hits.count - 1].groups.append(open)
        hits[hits.count - 1].lastLine = max(hits[hits.count - 1].lastLine, last)
    }

    private mutating func accept(_ group: ValueGroup, own: String, labelCell: String, line: Int) {
        let all = pending.isEmpty ? own : pending.joined() + own
        pending.removeAll()
        bufferedBlanks.removeAll()
        switch classify(own: own, all: all, labelCell: labelCell, delimited: true, line: line) {
        case .stop:
            stopped = true
        case .row(let row):
            let adopted = adoptUnresolved(as: row, own: own, labelCell: labelCell)
            hits.append(Hit(row: row, groups: adopted.groups + [group], firstLine: min(adopted.firstLine, line), lastLine: line))
        case .continuation:
            if unresolved != nil {
                unresolved!.groups.append(group)
                unresolved!.firstLine = min(unresolved!.firstLine, line)
                unresolved!.lastLine = line
                return
            }
            guard !hits.isEmpty else { return }
            hits[hits.count - 1].groups.append(group)
            hits[hits.count - 1].lastLine = line
        case .ignore:
            break
        }
    }

    /// The decision for values after `own`, with the unresolved row taken into account: a label
    /// that continues an unresolved row is tried together with that row's label so far; a label
    /// cell that begins a row but names none opens a new unresolved row (shown as `continuation`).
    /// Before the first row only a delimited line opens one (a table row, not prose).
    private mutating func classify(own: String, all: String, labelCell: String, delimited: Bool, line: Int) -> Decision {
        let decision = decide(own, all, current)
        let open: Bool
        switch decision {
        case .continuation: open = true
        // Values after heading text: the headings may stand above a row whose label wrapped (the
        // first row, or one split by a page break).
        case .ignore: open = true
        case .row, .stop: open = false
        }
        guard open, !hits.isEmpty || delimited, let startsRow else { return decision }
        if startsRow(labelCell) {
            // The label starts at its ordinal: text before it (headings, the end of the row above) is not part of it.
            unresolved = (own, [], line, line)
            return .continuation
        }
        // More of an unresolved row's label (after headings repeated by a page break, too): its values.
        if unresolved != nil, absorb(own, labelCell: labelCell) { return .continuation }
        return decision
    }

    /// Adds `text` (a label fragment that begins no row) to the unresolved row's label; when the
    /// label then names a row, the unresolved row becomes a hit of it, its later values joining it,
    /// and `true` is returned. A fragment that begins a row of its own ends the unresolved row
    /// instead, and headings are left out (`false` for both: the caller treats the text as usual).
    private mutating func absorb(_ text: String, labelCell: String? = nil) -> Bool {
        guard let open = unresolved else { return false }
        if startsRow?(labelCell ?? text) == true {
            dropUnresolved()
            return false
        }
        // Column headings repeated after a page break are not part of the label; the row stays open.
        if case .ignore = decide(text, text, current) { return false }
        let label = open.label + text
        guard case .row(let row) = decide(label, label, current) else {
            unresolved!.label = label
            return true
        }
        // The fragment alone naming another row makes the pairing doubtful: keep neither.
        if case .row(let alone) = decide(text, text, current), alone != row {
            dropUnresolved()
            return false
        }
        unresolved = nil
        hits.append(Hit(row: row, groups: open.groups, firstLine: open.firstLine, lastLine: open.lastLine))
        return true
    }

    /// The unresolved row's values, for a row about to be hit, when the unresolved label followed
    /// by `own` names that same row (a label wrapped onto the line of its other values); otherwise
    /// the unresolved row is set aside and nothing is given.
    private mutating func adoptUnresolved(as row: Row, own: String, labelCell: String) -> (groups: [ValueGroup], firstLine: Int) {
        guard let open = unresolved else { return ([], Int.max) }
        // A label with an ordinal of its own is a row of its own.
        if startsRow?(labelCell) == true {
            dropUnresolved()
            return ([], Int.max)
        }
        let label = open.label + own
        guard case .row(let combined) = decide(label, label, current), combined == row else {
            dropUnresolved()
            return ([], Int.max)
        }
        unresolved = nil
        return (open.groups, open.firstLine)
    }

    /// Sets the unresolved row aside: its label named no row, so its values belong to none.
    private mutating func dropUnresolved() { unresolved = nil }

    /// Closes the last open group (call when the input ends).
    mutating func finish() {
        closeStream()
        dropUnresolved()
    }
}

/// A run of value cells (numbers, blanks, unreadable cells) after a label.
struct ValueGroup: Sendable {
    var tokens: [Token]
    /// Whether the cells came from one delimited line, so their positions are meaningful.
    var isDelimited: Bool
    var line: Int
    /// Where the table's headings put the value columns, for delimited rows.
    var hint: CellSolver.ColumnHint? = nil
    var hasNumber: Bool { tokens.contains { $0.kind == .number } }
}
