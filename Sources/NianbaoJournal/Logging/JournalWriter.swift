import CSystemd
import Dispatch
import Glibc

/// Sends prepared journal entries from a serial queue, so that logging threads never wait on journald.
///
/// journald reads its native socket on a single thread, and the kernel queues only
/// `net.unix.max_dgram_qlen` datagrams (10 by default) before `sd_journal_sendv` blocks. Sent
/// synchronously, a burst of reports would run at journald's pace. The writer takes entries in order
/// into a bounded backlog (``capacity`` entries) and sends them one after the other; only when the
/// backlog is full does logging wait (back-pressure: no entry is ever dropped). ``flush(timeout:)``
/// waits until everything queued has been sent; `JournalLogging` calls it at process exit.
final class JournalWriter: Sendable {
    /// The writer shared by every ``JournalLogHandler`` of the process.
    static let shared = JournalWriter(capacity: 8192)

    /// How many entries may wait to be sent before logging blocks.
    let capacity: Int
    private let queue = DispatchQueue(label: "nianbaod.journal-writer", qos: .utility)
    private let slots: DispatchSemaphore

    init(capacity: Int) {
        self.capacity = capacity
        slots = DispatchSemaphore(value: capacity)
    }

    /// Queues `fields` for sending; writes `fallback` to stderr if the journal refuses the entry.
    func enqueue(_ fields: [JournalEntry.Field], fallback: @escaping @Sendable () -> [UInt8]) {
        slots.wait()
        let prepared = Prepared(fields)
        queue.async { [slots] in
            if prepared.send() != 0 { StandardError.write(fallback()) }
            slots.signal()
        }
    }

    /// Waits until every entry queued so far has been sent, at most `timeout` seconds.
    ///
    /// - Returns: Whether everything was sent in time.
    @discardableResult
    func flush(timeout: Double = 10) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        return done.wait(timeout: .now() + timeout) == .success
    }

    /// An entry as one buffer of `NAME=value` items, ready for `sd_journal_sendv`.
    struct Prepared: Sendable {
        private var buffer: [UInt8] = []
        private var ranges: [Range<Int>] = []

        init(_ fields: [JournalEntry.Field]) {
            buffer.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + 1 + $1.value.count })
            for field in fields {
                let start = buffer.count
                buffer += field.name.utf8
                buffer.append(0x3D)
                buffer += field.value
                ranges.append(start..<buffer.count)
            }
        }

        /// Sends the entry; returns 0 or a negative errno. libsystemd switches to the binary form
        /// (name, newline, 64-bit length, value) for values holding a newline.
        func send() -> Int32 {
            buffer.withUnsafeBytes { raw in
                // sd_journal_sendv only reads through the iovecs.
                let base = UnsafeMutableRawPointer(mutating: raw.baseAddress!)
                let iovecs = ranges.map { range in iovec(iov_base: base + range.lowerBound, iov_len: range.count) }
                return iovecs.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
            }
        }
    }
}
