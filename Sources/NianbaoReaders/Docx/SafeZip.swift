import Foundation
import NianbaoCore
import ZIPFoundation

/// Reads entries of an in-memory ZIP within ``ReaderLimits``.
///
/// Before anything is unpacked the central directory is checked: the number of entries, the total
/// declared uncompressed size and each entry's compression ratio. While an entry is unpacked the
/// bytes actually produced are counted too, so a directory that lies about sizes is caught as well.
struct SafeZip {
    private let archive: Archive
    private let limits: ReaderLimits
    /// The paths of the entries, in directory order.
    let paths: [String]

    /// Opens `bytes` as a ZIP and checks its directory against `limits`.
    /// - Throws: ``ReadFailure`` for a damaged archive, too many entries, too large a total or a
    ///   compression bomb.
    init(_ bytes: [UInt8], limits: ReaderLimits) throws(ReadFailure) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw ReaderFailures.corruptZip
        }
        var paths: [String] = []
        var total: UInt64 = 0
        for entry in archive {
            if paths.count >= limits.maxEntries { throw ReaderFailures.tooManyEntries(limit: limits.maxEntries) }
            paths.append(entry.path)
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            total = overflow ? .max : sum
            if total > UInt64(limits.maxTotalUnpackedBytes) {
                throw ReaderFailures.totalTooLarge(total: total, limit: limits.maxTotalUnpackedBytes)
            }
            try Self.checkRatio(entry, limits: limits)
        }
        if paths.isEmpty { throw ReaderFailures.corruptZip }
        self.archive = archive
        self.limits = limits
        self.paths = paths
    }

    /// Unpacks the entry at `path`, or returns `nil` when there is none.
    /// - Throws: ``ReadFailure`` when the entry unpacks beyond the limits or is damaged.
    func read(_ path: String) throws(ReadFailure) -> [UInt8]? {
        guard let entry = archive[path] else { return nil }
        guard entry.type == .file else { return nil }
        if entry.uncompressedSize > UInt64(limits.maxEntryBytes) {
            throw ReaderFailures.entryTooLarge(entry: path, limit: limits.maxEntryBytes)
        }
        var output: [UInt8] = []
        output.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limits.maxEntryBytes))))
        let maximum = limits.maxEntryBytes
        let ratioLimit = limits.maxCompressionRatio
        let compressed = max(entry.compressedSize, 1)
        let exempt = limits.ratioExemptBytes
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                output.append(contentsOf: chunk)
                if output.count > maximum { throw Overrun.size }
                // A directory may understate the size; judge the ratio on what actually comes out.
                if output.count > exempt, UInt64(output.count) / compressed > UInt64(ratioLimit) { throw Overrun.ratio }
            }
        } catch Overrun.size {
            throw ReaderFailures.entryTooLarge(entry: path, limit: maximum)
        } catch Overrun.ratio {
            throw ReaderFailures.zipBomb(entry: path, ratio: output.count / Int(compressed), limit: ratioLimit)
        } catch {
            throw ReaderFailures.corruptZip
        }
        return output
    }

    private enum Overrun: Error { case size, ratio }

    private static func checkRatio(_ entry: Entry, limits: ReaderLimits) throws(ReadFailure) {
        let uncompressed = entry.uncompressedSize
        guard uncompressed > UInt64(limits.ratioExemptBytes) else { return }
        let ratio = uncompressed / max(entry.compressedSize, 1)
        if ratio > UInt64(limits.maxCompressionRatio) {
            throw ReaderFailures.zipBomb(
                entry: entry.path, ratio: Int(clamping: ratio), limit: limits.maxCompressionRatio)
        }
    }
}
