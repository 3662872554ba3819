import CSHA256

/// SHA-256 (FIPS 180-4), streaming.
///
/// A small implementation of our own keeps the domain library free of a cryptography dependency;
/// results name files by this hash, so it is tested against known vectors and `sha256sum`. On
/// processors with the SHA extensions (x86-64 SHA-NI, detected at run time) whole blocks are
/// compressed by those instructions (`CSHA256`); elsewhere, and as the reference, in Swift.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private let hardware: Bool

    /// Whether this processor has the SHA extensions that ``init()`` uses.
    static var hardwareAvailable: Bool { nianbao_sha256_hardware_available() == 1 }

    public init() { self.init(hardware: true) }

    /// - Parameter hardware: whether to use the processor's SHA extensions when it has them
    ///   (`false` forces the Swift implementation, for tests).
    init(hardware: Bool) {
        self.hardware = hardware && Self.hardwareAvailable
        buffer.reserveCapacity(64)
    }

    /// The hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Adds `bytes` to the message.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Contiguous input (arrays, Data) is compressed in place, 64 bytes at a time.
        if buffer.isEmpty, let done: Void = bytes.withContiguousStorageIfAvailable({ pointer in
            length &+= UInt64(pointer.count)
            var offset = 0
            if hardware, pointer.count >= 64 {
                let blocks = pointer.count / 64
                compressInHardware(pointer.baseAddress!, blocks: blocks)
                offset = blocks * 64
            }
            while offset + 64 <= pointer.count {
                compress(pointer.baseAddress! + offset)
                offset += 64
            }
            buffer.append(contentsOf: pointer[offset...])
        }) {
            return done
        }
        length &+= UInt64(bytes.count)
        var iterator = bytes.makeIterator()
        if !buffer.isEmpty {
            while buffer.count < 64, let byte = iterator.next() { buffer.append(byte) }
            if buffer.count == 64 {
                let block = buffer
                buffer.removeAll(keepingCapacity: true)
                block.withUnsafeBufferPointer { compress($0.baseAddress!) }
            } else {
                return
            }
        }
        var block = [UInt8](repeating: 0, count: 64)
        while true {
            var count = 0
            while count < 64, let byte = iterator.next() {
                block[count] = byte
                count += 1
            }
            if count == 64 {
                block.withUnsafeBufferPointer { compress($0.baseAddress!) }
            } else {
                buffer.append(contentsOf: block[0..<count])
                return
            }
        }
    }

    /// Finishes the hash and returns it as 64 lower-case hex digits.
    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { pointer in
            var offset = 0
            while offset < tail.count {
                compress(pointer.baseAddress! + offset)
                offset += 64
            }
        }
        buffer.removeAll()
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        let digits: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(64)
        for word in words {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return out
    }


    /// Compresses `blocks` consecutive 64-byte blocks with the processor's SHA extensions.
    private mutating func compressInHardware(_ start: UnsafePointer<UInt8>, blocks: Int) {
        withUnsafeMutablePointer(to: &state) { tuple in
            tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { nianbao_sha256_hardware_compress($0, start, blocks) }
        }
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        if hardware {
            compressInHardware(block, blocks: 1)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            compress(block, schedule: schedule)
        }
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>, schedule w: UnsafeMutableBufferPointer<UInt32>) {
        for i in 0..<16 {
            w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16 | UInt32(block[i * 4 + 2]) << 8
                | UInt32(block[i * 4 + 3])
        }
        for i in 16..<64 {
            let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
            let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        let k = nianbao_sha256_round_constants()!  // one table, in CSHA256
        for i in 0..<64 {
            let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
            let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
            state.7 &+ h
        )
    }
}

extension UInt32 {
    /// Masking shifts (`&>>`, `&<<`) compile to one rotate instruction; the checked ones do not.
    @inline(__always) fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }
}
