import Foundation
import NianbaoCore

/// Reads a file for `check`, honouring the size limit before reading it whole.
enum FileInput {
    struct TooLarge: Error {
        var size: Int
        var sha256: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(description: "cannot open the file (does it exist, and may you read it?)")
        }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        try handle.seek(toOffset: 0)
        if size > limit {
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
            throw TooLarge(size: size, sha256: hasher.finalizeHex())
        }
        return [UInt8](try handle.readToEnd() ?? Data())
    }
}
