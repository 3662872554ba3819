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

    private(set) var hits: [Hit] = []
    private var pending: [String] = []
    private var bufferedBlanks: [Token] = []
    private var stream: ValueGroup? = nil
    private var skippingStream = false
    private(set) var stopped = false

    init(
        decide: @escaping (_ own: String, _ all: String, _ current: Row?) -> Decision,
        isBoundary: @escaping (_ text: String, _ current: Row?) -> Bool
    ) {
        self.decide = decide
        self.isBoundary = isBoundary
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
        guard let firstNumber = tokens.firstIndex(where: { $0.kind == .number }) else {
            let texts = tokens.filter { $0.kind == .text }.map(\.text)
            if !texts.isEmpty {
                let text = texts.joined()
                if hits.isEmpty == false, isBoundary(text, current) {
                    stopped = true
                    return
                }
                pending.append(text)
            }
            bufferedBlanks.removeAll()
            return
        }
        let lastText = tokens[..<firstNumber].lastIndex { $0.kind == .text }
        let regionStart = lastText.map { $0 + 1 } ?? 0
        let own = tokens[..<firstNumber].filter { $0.kind == .text }.map(\.text).joined()
        var region = Array(tokens[regionStart...])
        for index in region.indices where region[index].kind == .text { region[index].kind = .garbage }
        let group = ValueGroup(tokens: region, isDelimited: true, line: line.index)
        accept(group, own: own, line: line.index)
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
            let group = ValueGroup(tokens: bufferedBlanks + [token], isDelimited: false, line: token.line)
            bufferedBlanks.removeAll()
            startStream(group)
        }
    }

    private mutating func startStream(_ group: ValueGroup) {
        let decision = decide(pending.last ?? "", pending.joined(), current)
        pending.removeAll()
        switch decision {
        case .stop:
            stopped = true
        case .row(let row):
            hits.append(Hit(row: row, groups: [], firstLine: group.line, lastLine: group.line))
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
        hits[hits.count - 1].groups.append(open)
        hits[hits.count - 1].lastLine = max(hits[hits.count - 1].lastLine, open.tokens.last?.line ?? open.line)
    }

    private mutating func accept(_ group: ValueGroup, own: String, line: Int) {
        let all = pending.joined() + own
        pending.removeAll()
        bufferedBlanks.removeAll()
        let decision = decide(own, all, current)
        switch decision {
        case .stop:
            stopped = true
        case .row(let row):
            hits.append(Hit(row: row, groups: [group], firstLine: line, lastLine: line))
        case .continuation:
            guard !hits.isEmpty else { return }
            hits[hits.count - 1].groups.append(group)
            hits[hits.count - 1].lastLine = line
        case .ignore:
            break
        }
    }

    /// Closes the last open group (call when the input ends).
    mutating func finish() { closeStream() }
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
