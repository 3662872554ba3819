/// A min-heap of keys by due time, first-in first-out among equal times.
///
/// Intake pushes a key again whenever its due time changes and skips stale entries when popping
/// (lazy deletion), so every operation is O(log n) however many names wait in a burst.
struct DueQueue<Key: Hashable> {
    private struct Item {
        var due: Double
        var sequence: UInt64
        var key: Key
        func precedes(_ other: Item) -> Bool { due != other.due ? due < other.due : sequence < other.sequence }
    }

    private var heap: [Item] = []
    private var sequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest due time.
    var nextDue: Double? { heap.first?.due }

    mutating func push(_ key: Key, due: Double) {
        sequence += 1
        heap.append(Item(due: due, sequence: sequence, key: key))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(now: Double) -> (key: Key, due: Double)? {
        guard let first = heap.first, first.due <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < heap.count && heap[left].precedes(heap[best]) { best = left }
                if right < heap.count && heap[right].precedes(heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return (first.key, first.due)
    }

    mutating func removeAll() { heap.removeAll() }
}
