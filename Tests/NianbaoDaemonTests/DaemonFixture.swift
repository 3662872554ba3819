import Foundation
import Glibc
import NianbaoDaemon
import NianbaoJournal
import Testing

/// A temporary tree with a configuration file and a real `nianbaod run` process.
///
/// The binary is the `nianbaod` built beside the test bundle (`swift build` builds it; `swift test`
/// builds every product first).
final class DaemonFixture: @unchecked Sendable {
    let root: String
    let configPath: String
    private(set) var process: Process?
    private var logHandle: FileHandle?
    let logPath: String
    private var generation = 0

    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (exe as NSString).deletingLastPathComponent + "/nianbaod"
    }

    static let seeds: [[UInt8]] = {
        let folder = DaemonFixture.seedFolder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map { [UInt8]($0) } }
    }()

    /// The package root (the folder holding Package.swift), found from this source file.
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// `../shared/seeds` relative to the package root, or the copy in the core tests' fixtures.
    static var seedFolder: String {
        let package = URL(fileURLWithPath: repositoryRoot)
        let shared = package.deletingLastPathComponent().appendingPathComponent("shared/seeds").path
        if FileManager.default.fileExists(atPath: shared) { return shared }
        return package.appendingPathComponent("Tests/NianbaoCoreTests/Fixtures").path
    }

    /// Creates `PARENT/nianbaod-test-XXXX/{config,var}` and writes the configuration.
    ///
    /// - Parameter onDisk: the tree under `/tmp` (the disk, with real fsyncs) rather than `/dev/shm`
    ///   (tmpfs: the same rename and inotify semantics, and burst tests are not slowed by the
    ///   inode-allocation cost of this machine's ext4 after thousands of deletions).
    init(
        extraConfig: String = "", inboxes: [(name: String, path: String, mode: String?)] = [("default", "var/inbox", nil)],
        onDisk: Bool = false
    ) throws {
        let parent = !onDisk && FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
        var template = Array("\(parent)/nianbaod-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        root = String(cString: made)
        try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
        configPath = root + "/config/nianbaod.toml"
        logPath = root + "/daemon.log"
        try writeConfig(extraConfig: extraConfig, inboxes: inboxes)
    }

    func writeConfig(extraConfig: String, inboxes: [(name: String, path: String, mode: String?)]) throws {
        var text = ""
        for (key, value) in [("log", "\"stderr\""), ("settle_time", "0.3"), ("shutdown_timeout", "5")]
        where !extraConfig.contains(key + " =") {
            text += "\(key) = \(value)\n"
        }
        text += extraConfig + "\n"
        for inbox in inboxes {
            text += "[[inboxes]]\nname = \"\(inbox.name)\"\npath = \"\(inbox.path)\"\n"
            if let mode = inbox.mode { text += "mode = \"\(mode)\"\n" }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// Starts the daemon (with `environment` added to the test's) and waits for its READY event in the log.
    func start(waitReady: Bool = true, environment: [String: String] = [:]) throws {
        let binary = Self.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build nianbaod first: swift build --product nianbaod")
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", configPath, "--log", "stderr"]
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        self.process = process
        logHandle = handle
        generation += 1
        if waitReady {
            let readyCount = generation
            do {
                try waitUntil("the daemon is ready", timeout: 30) {
                    if !process.isRunning { throw Exited(status: process.terminationStatus, log: self.log) }
                    return self.events(.ready) >= readyCount
                }
            } catch let error as TimedOut {
                // Once (stop 24, CI on a fresh clone) a daemon ran 30 s without logging a line; the
                // suite passed on the runs after it. Say where its threads were, should it happen again.
                Issue.record("the daemon (pid \(process.processIdentifier)) was running but not ready; its threads:\n\(threadStates())")
                throw error
            }
        }
    }

    /// Each thread of the daemon: its name, state and kernel wait channel (from `/proc`), to show
    /// where a daemon that does not answer is stuck.
    func threadStates() -> String {
        guard let pid = process?.processIdentifier else { return "no daemon process" }
        let tasks = "/proc/\(pid)/task"
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: tasks) else { return "no \(tasks)" }
        func read(_ path: String) -> String {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return threads.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { thread in
            let stat = read("\(tasks)/\(thread)/stat")
            // `pid (name) state …`: the state is the first field after the name.
            let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
            return "  \(thread) \(read("\(tasks)/\(thread)/comm")) state \(state) wchan \(read("\(tasks)/\(thread)/wchan"))"
        }.joined(separator: "\n")
    }

    /// Sends `signal` to the daemon.
    func signal(_ number: Int32) { if let process { kill(process.processIdentifier, number) } }

    /// Sends SIGTERM and returns the exit status once the daemon has stopped.
    func terminate(timeout: Double = 30) throws -> Int32 {
        signal(SIGTERM)
        return try waitForExit(timeout: timeout)
    }

    /// Waits for the daemon to exit and returns its status.
    @discardableResult
    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let process = try #require(process)
        try waitUntil("the daemon exits", timeout: timeout) { !process.isRunning }
        return process.terminationStatus
    }

    /// The daemon's log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// How many events of `kind` the log holds: counted by `MESSAGE_ID=…` when the log handler
    /// prints fields, otherwise by the start of the Chinese `MESSAGE`.
    func events(_ kind: EventKind) -> Int {
        let text = log
        if text.contains("MESSAGE_ID") { return text.components(separatedBy: kind.messageID).count - 1 }
        let marker: String
        switch kind {
        case .accepted: marker = "通过："
        case .rejected: marker = "退回："
        case .overflowRescan: marker = "inotify事件队列溢出"
        case .startup: marker = "nianbaod启动"
        case .ready: marker = "nianbaod就绪"
        case .reload: marker = "已重新加载配置"
        case .shutdown: marker = "nianbaod停止"
        default: marker = kind.messageID
        }
        return text.components(separatedBy: marker).count - 1
    }

    /// How often `text` occurs in the log.
    func count(of text: String) -> Int { log.components(separatedBy: text).count - 1 }

    /// Polls `condition` every 20 ms until it holds or `timeout` seconds pass.
    func waitUntil(_ what: String, timeout: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        Issue.record("timed out after \(timeout) s waiting until \(what); log tail:\n\(String(log.suffix(3000)))")
        throw TimedOut()
    }

    struct TimedOut: Error {}

    /// The daemon exited while a test waited for it.
    struct Exited: Error, CustomStringConvertible {
        var status: Int32
        var log: String
        var description: String { "the daemon exited with status \(status):\n\(log.suffix(2000))" }
    }

    // MARK: - Files

    /// Names (bytes) in a folder, `nil` when missing.
    func names(in relative: String) -> [[UInt8]] {
        ((try? FileSystem.list(BytePath(path(relative)))) ?? nil)?.map(\.bytes) ?? []
    }

    /// Writes a file at once under `name` in `folder` (temporary name then rename, so it arrives whole).
    func drop(_ bytes: [UInt8], name: [UInt8], in folder: String = "var/inbox") throws {
        let staging = path("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let temporary = BytePath(staging).appending(FileName(bytes: name))
        try FileSystem.remove(temporary)
        try FileSystem.writeNew(temporary, bytes)
        let target = BytePath(path(folder)).appending(FileName(bytes: name))
        try FileSystem.replace(temporary, with: target)
    }

    /// Writes a file directly into the inbox (one open, write, close).
    func write(_ bytes: [UInt8], name: [UInt8], in folder: String = "var/inbox") throws {
        try FileSystem.writeNew(BytePath(path(folder)).appending(FileName(bytes: name)), bytes)
    }

    /// The results in the outbox, as `source.name` → count.
    func resultNames() -> [String: Int] {
        var counts: [String: Int] = [:]
        for name in names(in: "var/outbox") where name.first != UInt8(ascii: ".") {
            guard let data = FileManager.default.contents(atPath: path("var/outbox/") + String(decoding: name, as: UTF8.self)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let source = object["source"] as? [String: Any], let sourceName = source["name"] as? String
            else { continue }
            counts[sourceName, default: 0] += 1
        }
        return counts
    }

    /// Filed names in accepted/ and rejected/ (reason files excluded).
    func filed() -> (accepted: [[UInt8]], rejected: [[UInt8]]) {
        let reason = Array(".reason.txt".utf8)
        // Hidden names are temporary files (a kill can leave one until a start-up an hour later).
        let visible = { (name: [UInt8]) in name.first != UInt8(ascii: ".") }
        return (names(in: "var/accepted").filter(visible), names(in: "var/rejected").filter { visible($0) && !$0.ends(with: reason) })
    }

    /// How many files are in accepted/ and rejected/ together.
    func filedCount() -> Int {
        let (accepted, rejected) = filed()
        return accepted.count + rejected.count
    }

    /// Filed names in accepted/ and rejected/ together, sorted.
    func allFiled() -> [[UInt8]] {
        let (accepted, rejected) = filed()
        return (accepted + rejected).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Names anywhere in processing/*.
    func inProcessing() -> [[UInt8]] {
        names(in: "var/processing").flatMap { folder in names(in: "var/processing/" + String(decoding: folder, as: UTF8.self)) }
    }

    /// Asserts that each of `expected` is exactly once in inbox, processing, accepted or rejected,
    /// and that every filed one has exactly one result. Returns how many are filed.
    @discardableResult
    func verifyExactlyOnce(_ expected: [[UInt8]], requireAllFiled: Bool) -> Int {
        let (accepted, rejected) = filed()
        var places: [[UInt8]: Int] = [:]
        for name in names(in: "var/inbox") + inProcessing() + accepted + rejected { places[name, default: 0] += 1 }
        let results = resultNames()
        let filedSet = Set(accepted + rejected)
        var missing = 0
        var duplicated = 0
        var withoutResult = 0
        for name in expected {
            let count = places[name] ?? 0
            if count == 0 { missing += 1 }
            if count > 1 { duplicated += 1 }
            if filedSet.contains(name) && results[FileName(bytes: name).text] != 1 { withoutResult += 1 }
        }
        let expectedSet = Set(expected)
        let lost = expected.filter { places[$0] == nil }.prefix(5).map { String(decoding: $0, as: UTF8.self) }
        let unexpected = (accepted + rejected).filter { !expectedSet.contains($0) }.prefix(5)
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(missing == 0, "files lost: \(lost); filed under names not submitted: \(unexpected)")
        #expect(duplicated == 0, "files in more than one place")
        #expect(withoutResult == 0, "filed files without exactly one result")
        let filedCount = expected.filter { filedSet.contains($0) }.count
        if requireAllFiled { #expect(filedCount == expected.count, "files not filed") }
        return filedCount
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
