import CNianbaoZlib
import NianbaoCore

/// Reads entries of an in-memory ZIP within ``ReaderLimits``.
///
/// Before anything is unpacked the central directory is checked: the number of entries, the total
/// declared uncompressed size and each entry's compression ratio. While an entry is unpacked the
/// bytes actually produced are counted too, so a directory that lies about sizes is caught as well.
///
/// The archive is read here rather than with ZIPFoundation, whose reader (0.9.20) traps on an
/// offset past the end of an in-memory archive (weichsel/ZIPFoundation#394) and, file-backed or
/// not, loops for ever on a deflate stream that does not end before the end of the file: one
/// damaged upload would crash or hang the daemon. Every offset and length here is checked against
/// the bytes there are, and inflating stops when the entry's compressed bytes are used up.
struct SafeZip {
    /// One entry of the central directory.
    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    private let bytes: [UInt8]
    private let limits: ReaderLimits
    private let entries: [Entry]
    /// The paths of the entries, in directory order.
    let paths: [String]

    /// Opens `bytes` as a ZIP and checks its directory against `limits`.
    /// - Throws: ``ReadFailure`` for a damaged archive, too many entries, too large a total or a
    ///   compression bomb.
    init(_ bytes: [UInt8], limits: ReaderLimits) throws(ReadFailure) {
        guard let directory = Self.centralDirectory(bytes) else { throw ReaderFailures.corruptZip }
        var entries: [Entry] = []
        var total: UInt64 = 0
        var position = directory.offset
        for _ in 0..<directory.count {
            if entries.count >= limits.maxEntries { throw ReaderFailures.tooManyEntries(limit: limits.maxEntries) }
            guard let (entry, next) = Self.directoryEntry(bytes, at: position) else { throw ReaderFailures.corruptZip }
            entries.append(entry)
            position = next
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            total = overflow ? .max : sum
            if total > UInt64(limits.maxTotalUnpackedBytes) {
                throw ReaderFailures.totalTooLarge(total: total, limit: limits.maxTotalUnpackedBytes)
            }
            try Self.checkRatio(entry, limits: limits)
        }
        if entries.isEmpty { throw ReaderFailures.corruptZip }
        self.bytes = bytes
        self.limits = limits
        self.entries = entries
        paths = entries.map(\.path)
    }

    /// Unpacks the entry at `path`, or returns `nil` when there is none.
    /// - Throws: ``ReadFailure`` when the entry unpacks beyond the limits or is damaged.
    func read(_ path: String) throws(ReadFailure) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.path == path }), !entry.isDirectory else { return nil }
        if entry.uncompressedSize > UInt64(limits.maxEntryBytes) {
            throw ReaderFailures.entryTooLarge(entry: path, limit: limits.maxEntryBytes)
        }
        // Encrypted entries (flag bit 0) cannot be read.
        guard entry.flags & 1 == 0, let data = dataRange(of: entry) else { throw ReaderFailures.corruptZip }
        let output: [UInt8]
        switch entry.method {
        case 0:  // stored
            guard entry.compressedSize == entry.uncompressedSize else { throw ReaderFailures.corruptZip }
            output = Array(bytes[data])
        case 8:  // deflated
            output = try inflate(bytes[data], entry: entry)
        default:
            throw ReaderFailures.corruptZip
        }
        guard output.count == entry.uncompressedSize, Self.crc32(output) == entry.crc32 else {
            throw ReaderFailures.corruptZip
        }
        return output
    }

    // MARK: - Unpacking

    /// Inflates a raw deflate stream, judging size and ratio on what comes out.
    private func inflate(_ input: ArraySlice<UInt8>, entry: Entry) throws(ReadFailure) -> [UInt8] {
        let maximum = limits.maxEntryBytes
        let ratioLimit = UInt64(limits.maxCompressionRatio)
        let compressed = max(UInt64(input.count), 1)
        var output: [UInt8] = []
        output.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(maximum))))
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ReaderFailures.corruptZip
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var failure: ReadFailure?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { target -> (Int32, Int) in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    let status = CNianbaoZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[..<produced])
                if output.count > maximum {
                    failure = ReaderFailures.entryTooLarge(entry: entry.path, limit: maximum)
                    return
                }
                // A directory may understate the size; judge the ratio on what actually comes out.
                if output.count > limits.ratioExemptBytes, UInt64(output.count) / compressed > ratioLimit {
                    failure = ReaderFailures.zipBomb(entry: entry.path, ratio: output.count / Int(compressed), limit: Int(ratioLimit))
                    return
                }
                if status == Z_STREAM_END { return }
                // Any error, or no progress with all the input used: the stream is damaged or cut short.
                if status != Z_OK || (produced == 0 && stream.avail_in == 0) {
                    failure = ReaderFailures.corruptZip
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CNianbaoZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }

    private static func checkRatio(_ entry: Entry, limits: ReaderLimits) throws(ReadFailure) {
        let uncompressed = entry.uncompressedSize
        guard uncompressed > UInt64(limits.ratioExemptBytes) else { return }
        let ratio = uncompressed / max(entry.compressedSize, 1)
        if ratio > UInt64(limits.maxCompressionRatio) {
            throw ReaderFailures.zipBomb(
                entry: entry.path, ratio: Int(clamping: ratio), limit: limits.maxCompressionRatio)
        }
    }

    // MARK: - Structure

    /// The compressed bytes of `entry`, after its local header; `nil` when they are not all there.
    private func dataRange(of entry: Entry) -> Range<Int>? {
        guard let header = Self.offset(entry.localHeaderOffset, plus: 30, within: bytes.count),
            Self.uint32(bytes, header) == 0x0403_4B50
        else { return nil }
        let nameLength = UInt64(Self.uint16(bytes, header + 26))
        let extraLength = UInt64(Self.uint16(bytes, header + 28))
        guard let headerEnd = Self.offset(UInt64(header) + 30, plus: Int(nameLength + extraLength), within: bytes.count)
        else { return nil }
        let start = headerEnd + Int(nameLength + extraLength)
        guard entry.compressedSize <= UInt64(bytes.count - start) else { return nil }
        return start..<(start + Int(entry.compressedSize))
    }

    /// Where the central directory starts and how many entries it has, from the end record (and
    /// the ZIP64 end record when the end record's fields are saturated).
    private static func centralDirectory(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        guard bytes.count >= 22 else { return nil }
        // The end record is the last thing in the file, before a comment of up to 65,535 bytes.
        let lowest = max(0, bytes.count - 22 - 65_535)
        var at = bytes.count - 22
        while at >= lowest {
            if uint32(bytes, at) == 0x0605_4B50 && at + 22 + Int(uint16(bytes, at + 20)) <= bytes.count { break }
            at -= 1
        }
        guard at >= lowest else { return nil }
        var count = UInt64(uint16(bytes, at + 10))
        var offset = UInt64(uint32(bytes, at + 16))
        if count == 0xFFFF || offset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points to the ZIP64 end record.
            guard at >= 20, uint32(bytes, at - 20) == 0x0706_4B50,
                let record = Self.offset(uint64(bytes, at - 20 + 8), plus: 56, within: bytes.count),
                uint32(bytes, record) == 0x0606_4B50
            else { return nil }
            count = uint64(bytes, record + 32)
            offset = uint64(bytes, record + 48)
        }
        // Each entry takes at least 46 bytes: a count the file cannot hold is a lie.
        guard let start = Self.offset(offset, plus: 0, within: bytes.count), count <= UInt64(bytes.count - start) / 46 else {
            return nil
        }
        return (start, Int(count))
    }

    /// The directory entry at `at` and the position after it.
    private static func directoryEntry(_ bytes: [UInt8], at: Int) -> (Entry, Int)? {
        guard let base = offset(UInt64(at), plus: 46, within: bytes.count), uint32(bytes, base) == 0x0201_4B50 else {
            return nil
        }
        let nameLength = Int(uint16(bytes, base + 28))
        let extraLength = Int(uint16(bytes, base + 30))
        let commentLength = Int(uint16(bytes, base + 32))
        guard base + 46 + nameLength + extraLength + commentLength <= bytes.count else { return nil }
        var entry = Entry(
            path: String(decoding: bytes[(base + 46)..<(base + 46 + nameLength)], as: UTF8.self),
            method: uint16(bytes, base + 10), flags: uint16(bytes, base + 8), crc32: uint32(bytes, base + 16),
            compressedSize: UInt64(uint32(bytes, base + 20)), uncompressedSize: UInt64(uint32(bytes, base + 24)),
            localHeaderOffset: UInt64(uint32(bytes, base + 42)))
        // ZIP64 sizes and offset (extra field 0x0001) replace the saturated 32-bit fields, in order.
        var extra = base + 46 + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = uint16(bytes, extra)
            let size = Int(uint16(bytes, extra + 2))
            guard extra + 4 + size <= extraEnd else { return nil }
            if id == 0x0001 {
                var field = extra + 4
                func next() -> UInt64? {
                    guard field + 8 <= extra + 4 + size else { return nil }
                    defer { field += 8 }
                    return uint64(bytes, field)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF { guard let value = next() else { return nil }; entry.uncompressedSize = value }
                if entry.compressedSize == 0xFFFF_FFFF { guard let value = next() else { return nil }; entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF { guard let value = next() else { return nil }; entry.localHeaderOffset = value }
            }
            extra += 4 + size
        }
        return (entry, extraEnd + commentLength)
    }

    /// `offset` as an `Int` when `length` bytes from it lie within `count` bytes; `nil` otherwise.
    private static func offset(_ offset: UInt64, plus length: Int, within count: Int) -> Int? {
        guard offset <= UInt64(count), UInt64(length) <= UInt64(count) - offset else { return nil }
        return Int(offset)
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(uint16(bytes, at)) | UInt32(uint16(bytes, at + 2)) << 16
    }

    private static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(uint32(bytes, at)) | UInt64(uint32(bytes, at + 4)) << 32
    }
}
