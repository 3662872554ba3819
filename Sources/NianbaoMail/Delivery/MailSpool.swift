import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The durable queue of messages waiting for sendmail: `QUEUE/NAME.eml` holds the message and
/// `QUEUE/NAME.retry` (when a delivery failed) the attempt count and the next attempt time.
///
/// A message is written (temporary file, fsync, rename, fsync of the folder) before sendmail ever
/// sees it, and removed only after sendmail exited 0. Names sort in the order messages were queued.
struct MailSpool: Sendable {
    /// One queued message.
    struct Entry: Sendable, Hashable {
        /// The name without extension.
        var name: String
        /// Failed attempts so far.
        var attempts: Int
        /// Not to be tried before this time.
        var nextAttempt: Date?
    }

    /// What a `.retry` file holds.
    struct RetryInfo: Codable, Sendable {
        var attempts: Int
        var nextAttempt: Double
        var lastError: String
    }

    /// The queue folder.
    let directory: String

    /// Creates the folder when needed.
    func prepare() throws(MailError) { try AtomicFile.makeDirectory(directory) }

    /// Path of an entry's message.
    func messagePath(_ name: String) -> String { "\(directory)/\(name).eml" }
    private func retryPath(_ name: String) -> String { "\(directory)/\(name).retry" }

    /// Queues a message durably and returns its entry name.
    @discardableResult
    func enqueue(_ message: [UInt8], now: Date = Date()) throws(MailError) -> String {
        try prepare()
        let stamp = String(UInt64(max(0, now.timeIntervalSince1970 * 1_000_000)))
        let padded = String(repeating: "0", count: max(0, 17 - stamp.count)) + stamp
        let name = "\(padded)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        try AtomicFile.write(message, to: messagePath(name))
        return name
    }

    /// The file names in the folder.
    private func names() throws(MailError) -> [String] {
        guard let folder = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw MailError.system("opendir", path: directory)
        }
        var names: [String] = []
        while let item = readdir(folder) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            names.append(name)
        }
        closedir(folder)
        return names
    }

    /// Removes temporary files left by a crash in the middle of a write. Call before anything
    /// else uses the spool.
    func removeStaleTemporaries() throws(MailError) {
        for name in try names() where name.contains(".tmp-") {
            try AtomicFile.remove("\(directory)/\(name)")
        }
    }

    /// The queued messages, oldest first. Leftover `.retry` files without a message are removed.
    func entries() throws(MailError) -> [Entry] {
        let names = try names()
        let messages = Set(names.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) })
        for name in names where name.hasSuffix(".retry") && !messages.contains(String(name.dropLast(6))) {
            try? AtomicFile.remove("\(directory)/\(name)")
        }
        return messages.sorted().map { name in
            let info = (try? AtomicFile.read(retryPath(name))).flatMap { $0 }.flatMap {
                try? JSONDecoder().decode(RetryInfo.self, from: Data($0))
            }
            return Entry(
                name: name, attempts: info?.attempts ?? 0,
                nextAttempt: info.map { Date(timeIntervalSince1970: $0.nextAttempt) })
        }
    }

    /// Notes a failed attempt durably.
    func recordFailure(_ name: String, attempts: Int, nextAttempt: Date, error: String) throws(MailError) {
        let info = RetryInfo(attempts: attempts, nextAttempt: nextAttempt.timeIntervalSince1970, lastError: error)
        let data: Data
        do { data = try JSONEncoder().encode(info) } catch { throw MailError("cannot encode retry state: \(error)") }
        try AtomicFile.write(Array(data), to: retryPath(name))
    }

    /// Removes a delivered message (first the message, then its retry note).
    func remove(_ name: String) throws(MailError) {
        try AtomicFile.remove(messagePath(name))
        try AtomicFile.remove(retryPath(name))
    }
}
