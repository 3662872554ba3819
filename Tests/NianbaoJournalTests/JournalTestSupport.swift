import Foundation
import Glibc
import NianbaoJournal

/// A real systemd-journald for tests, and journal entries read back with `journalctl -o json`.
///
/// journald runs standalone as root: ``ensureJournald()`` runs `scripts/start-journald.sh`
/// (as `make test` does) once when `/run/systemd/journal/socket` does not answer, which leaves
/// journald running for later tests and processes. Entries are found by a field that is unique to
/// the test (``uniqueMarker()``), polling until they arrive.
enum JournalTestSupport {
    /// What went wrong while preparing the journal.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One journal entry: every field with all its values (journald allows a field more than once).
    struct Entry: @unchecked Sendable {
        /// Field name → values, each value byte-exact.
        var fields: [String: [[UInt8]]]

        /// The field's only (or first) value as UTF-8 text, or `nil` when absent or not UTF-8.
        func string(_ name: String) -> String? {
            fields[name]?.first.flatMap { String(validating: $0, as: UTF8.self) }
        }

        /// The field's only (or first) value as bytes.
        func bytes(_ name: String) -> [UInt8]? {
            fields[name]?.first
        }
    }

    private static let started: Result<Void, Failure> = startOnce()

    /// Makes sure a journald listens on its socket (``JournalLogging/journalAvailable``); starts one if needed (requires root).
    ///
    /// The script first installs a runtime drop-in disabling journald's rate limit
    /// (`/run/systemd/journald.conf.d/90-nianbaod-tests.conf`), as nianbaod.service does with
    /// `LogRateLimitIntervalSec=0`: burst tests log thousands of entries from one process.
    static func ensureJournald() throws {
        try started.get()
    }

    /// A value unique to this call, for a marker field such as `NIANBAO_TEST_MARKER`.
    static func uniqueMarker() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// The entries with `field=value`, once at least `count` of them are in the journal.
    ///
    /// - Parameters:
    ///   - field: A field name, for example a marker field or `NIANBAO_FILE`.
    ///   - value: Its exact value.
    ///   - count: How many entries to wait for.
    ///   - timeout: Seconds to wait before giving up (journald may lag behind a burst from other tests).
    ///   - extraArguments: More `journalctl` arguments (for example `-t`, `--since`).
    /// - Throws: ``Failure`` when fewer entries arrived in time or journalctl failed.
    static func entries(
        where field: String, equals value: String, count: Int = 1, timeout: Double = 60,
        extraArguments: [String] = []
    ) throws -> [Entry] {
        let deadline = Date().addingTimeInterval(timeout)
        var found: [Entry] = []
        while true {
            found = try query(["\(field)=\(value)"] + extraArguments)
            if found.count >= count { return found }
            if Date() > deadline {
                throw Failure(
                    description: "journal: \(found.count) of \(count) entries with \(field)=\(value) after \(timeout) s"
                )
            }
            usleep(50_000)
        }
    }

    /// Runs `journalctl -o json --all --no-pager ARGUMENTS` and parses every entry.
    static func query(_ arguments: [String]) throws -> [Entry] {
        let result = try run("/usr/bin/journalctl", ["-o", "json", "--all", "--no-pager"] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "journalctl \(arguments) exited \(result.status): \(result.errorText)")
        }
        var entries: [Entry] = []
        for line in result.output.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(line))
            guard let dictionary = object as? [String: Any] else {
                throw Failure(description: "journalctl printed a line that is not a JSON object")
            }
            entries.append(Entry(fields: dictionary.compactMapValues(values(of:))))
        }
        return entries
    }

    /// Output of a finished program.
    struct ProgramResult {
        var status: Int32
        var output: [UInt8]
        var error: [UInt8]
        var outputText: String { String(decoding: output, as: UTF8.self) }
        var errorText: String { String(decoding: error, as: UTF8.self) }
    }

    /// Runs `path` with `arguments` to completion, collecting stdout and stderr.
    static func run(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, input: [UInt8]? = nil
    ) throws -> ProgramResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a chatty program cannot block on a full pipe.
        let errorData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errorData.data = stderr.fileHandleForReading.readDataToEndOfFile()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        return ProgramResult(status: process.terminationStatus, output: Array(outputData), error: Array(errorData.data))
    }

    /// Bytes handed over from the stderr reader (written before `group.wait()` returns).
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }

    /// A journal JSON value as byte strings: a string, an array of byte numbers (binary or invalid
    /// UTF-8), or an array of those for a field that occurs more than once.
    private static func values(of json: Any) -> [[UInt8]]? {
        if let text = json as? String { return [Array(text.utf8)] }
        if let array = json as? [Any] {
            if array.allSatisfy({ $0 is NSNumber && !($0 is String) }), let numbers = array as? [NSNumber] {
                return [numbers.map { $0.uint8Value }]
            }
            return array.compactMap { values(of: $0)?.first }
        }
        return nil
    }

    private static func startOnce() -> Result<Void, Failure> {
        if JournalLogging.journalAvailable { return .success(()) }
        // system(3), not Foundation's Process: this runs inside a one-time initializer on a
        // cooperative thread, where waiting on Process's run loop deadlocked with two cores.
        let script = RepositoryFiles.root + "/scripts/start-journald.sh"
        let status = system("/bin/sh '\(script)' >&2")
        guard status == 0, JournalLogging.journalAvailable else {
            return .failure(Failure(description: "\(script) failed (status \(status)); run it as root"))
        }
        return .success(())
    }
}
