import Glibc

/// Where ``JSONWriter`` puts bytes: an array, or its own ``JSONBytes`` buffer.
protocol JSONByteOutput: ~Copyable {
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
    /// Appends `bytes`.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteOutput where Element == UInt8 {}

/// The bytes of a result being written: one allocation that grows by doubling, and an append that
/// is a store and an increment. (Appending to an `[UInt8]` checked the array's uniqueness and room
/// in a call for every byte: most of the cost of writing a result.) Not copyable: the buffer is
/// owned by one writer and freed with it.
struct JSONBytes: ~Copyable, JSONByteOutput {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.update(from: start, count: count)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        start[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (start + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Writes at most `maximum` bytes straight into the buffer: `body` gets where to write and
    /// returns how many bytes it wrote.
    @inline(__always)
    mutating func write(atMost maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        count += body(start + count)
    }

    /// The bytes written, as an array (one copy).
    var array: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
            if count > 0 { target.baseAddress!.initialize(from: start, count: count) }
            initialized = count
        }
    }

    /// The bytes written, as a string.
    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
}
