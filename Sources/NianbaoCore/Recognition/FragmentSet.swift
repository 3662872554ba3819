/// Fragments (in key form) searched for together, in one pass over a key.
///
/// The recognizer asks "which of these forty labels does this text contain, and where first?"
/// for every row; testing each fragment in turn costs a scan of the key per fragment. This index
/// buckets the fragments by their first two bytes, so one scan of the key finds them all.
struct FragmentSet: Sendable {
    /// The fragments as UTF-8, in the order given.
    let fragments: [[UInt8]]
    /// `bucketStart[h]..<bucketStart[h + 1]` indexes `bucketItems` for hash `h`.
    private let bucketStart: [Int]
    private let bucketItems: [Int]

    private static let bucketCount = 512

    @inline(__always)
    private static func hash(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first) &* 31 &+ Int(second)) & (bucketCount - 1)
    }

    /// - Parameter fragments: non-empty strings of at least two UTF-8 bytes.
    init(_ fragments: [String]) {
        let bytes = fragments.map { Array($0.utf8) }
        precondition(bytes.allSatisfy { $0.count >= 2 }, "FragmentSet: fragments need two bytes at least")
        var buckets = Array(repeating: [Int](), count: Self.bucketCount)
        for (index, fragment) in bytes.enumerated() {
            buckets[Self.hash(fragment[0], fragment[1])].append(index)
        }
        var start: [Int] = [0]
        var items: [Int] = []
        for bucket in buckets {
            items += bucket
            start.append(items.count)
        }
        self.fragments = bytes
        self.bucketStart = start
        self.bucketItems = items
    }

    /// Calls `found(id, offset)` for every occurrence of a fragment in `key` (valid UTF-8) that
    /// starts at a character, in the order of the offsets, until it returns `false`.
    @inline(__always)
    private func scan(_ key: UnsafeBufferPointer<UInt8>, _ found: (_ id: Int, _ offset: Int) -> Bool) {
        let count = key.count
        guard count >= 2 else { return }
        var index = 0
        while index + 1 < count {
            let hash = Self.hash(key[index], key[index + 1])
            var item = bucketStart[hash]
            let end = bucketStart[hash + 1]
            while item < end {
                let id = bucketItems[item]
                item += 1
                let fragment = fragments[id]
                let length = fragment.count
                guard index + length <= count else { continue }
                var offset = 0
                while offset < length && key[index + offset] == fragment[offset] { offset += 1 }
                if offset == length, !found(id, index) { return }
            }
            // The next character: a fragment (a whole string) starts at a character, never inside
            // one. (Keys are valid UTF-8; a stray continuation byte steps by one.)
            index += UTF8Bytes.sequenceLength(lead: key[index])
        }
    }

    /// For each fragment, the byte offset of its first occurrence in `key`, or -1.
    func firstOffsets(in key: UnsafeBufferPointer<UInt8>) -> [Int] {
        withFirstOffsets(in: key) { Array($0) }
    }

    /// Calls `body` with ``firstOffsets(in:)`` held in a temporary (stack) buffer instead of an array.
    func withFirstOffsets<Result>(in key: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<Int>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: fragments.count) { offsets in
            offsets.initialize(repeating: -1)
            var remaining = fragments.count
            scan(key) { id, offset in
                if offsets[id] < 0 {
                    offsets[id] = offset
                    remaining -= 1
                }
                return remaining > 0
            }
            return body(UnsafeBufferPointer(offsets))
        }
    }

    /// Whether any fragment occurs in `key`.
    func containsAny(in key: UnsafeBufferPointer<UInt8>) -> Bool {
        var any = false
        scan(key) { _, _ in
            any = true
            return false
        }
        return any
    }

    /// Whether any fragment occurs in the string `key`.
    func containsAny(in key: String) -> Bool {
        var key = key
        return key.withUTF8 { containsAny(in: $0) }
    }
}
