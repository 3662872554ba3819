/// A value for some rows of table 三: a dictionary keyed by ``ApplicationRow`` that keeps one slot
/// per row in an array.
///
/// The checks and the recognizer look rows up thousands of times per report; a `Dictionary` hashed
/// each key for every lookup. Iteration is in the order of ``ApplicationRow/allCases`` (the
/// template's order), so it is also deterministic, which a dictionary's is not.
public struct ApplicationRowMap<Value> {
    private var slots: [Value?]
    /// How many rows have a value.
    public private(set) var count: Int

    /// An empty map.
    public init() {
        slots = Array(repeating: nil, count: ApplicationRow.allCases.count)
        count = 0
    }

    /// The value of `row`, `nil` when it has none; assigning `nil` removes it.
    public subscript(row: ApplicationRow) -> Value? {
        @inline(__always) get { slots[row.position] }
        set {
            let position = row.position
            count += (newValue == nil ? 0 : 1) - (slots[position] == nil ? 0 : 1)
            slots[position] = newValue
        }
    }

    /// The value of `row`, or `defaultValue` when it has none (for `map[row, default: []] += …`).
    ///
    /// Modified in place, like `Dictionary`'s: `+=` on a row's array appends without copying it
    /// (a get-then-set copied the array each time, quadratic in a row's groups: a 14 MB text of
    /// 200,000 rows labelled （一） took over two minutes).
    public subscript(row: ApplicationRow, default defaultValue: @autoclosure () -> Value) -> Value {
        get { slots[row.position] ?? defaultValue() }
        _modify {
            let position = row.position
            if slots[position] == nil {
                slots[position] = defaultValue()
                count += 1
            }
            yield &slots[position]!
        }
    }

    /// Whether no row has a value.
    public var isEmpty: Bool { count == 0 }

    /// The rows that have a value, in template order.
    public var keys: [ApplicationRow] { ApplicationRow.allCases.filter { slots[$0.position] != nil } }

    /// The values, in template order of their rows.
    public var values: [Value] { slots.compactMap { $0 } }
}

extension ApplicationRowMap: Sequence {
    /// Rows with their values, in template order.
    public func makeIterator() -> some IteratorProtocol<(key: ApplicationRow, value: Value)> {
        zip(ApplicationRow.allCases, slots).lazy.compactMap { row, value in value.map { (key: row, value: $0) } }
            .makeIterator()
    }
}

extension ApplicationRowMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (ApplicationRow, Value)...) {
        self.init()
        for (row, value) in elements { self[row] = value }
    }
}

extension ApplicationRowMap: Equatable where Value: Equatable {}
extension ApplicationRowMap: Hashable where Value: Hashable {}
extension ApplicationRowMap: Sendable where Value: Sendable {}

extension ApplicationRowMap: CustomStringConvertible {
    public var description: String {
        "[" + map { "\($0.key.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
