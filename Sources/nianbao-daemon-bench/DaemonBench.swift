import Foundation
import Glibc
import NianbaoDaemon
import Synchronization

/// `nianbao-daemon-bench [--files N] [--samples N] [--seeds DIR] [--binary PATH] [--concurrency N] [--root DIR] [--small] [--durability syncfs|fsync] [--log stderr|journal] [--no-baseline]`
///
/// The tree is made under `--root` (default `/tmp`); its file system decides much of the figures
/// (every result is a new inode and several fsyncs). `--small` drops one-line files instead of seed
/// copies, to measure the daemon's own machinery apart from the cost of checking a full report.
/// `--no-baseline` leaves out the shell baseline (for comparing two builds or settings run after run).
/// `--log journal` has the daemon log to the systemd journal, as in production, instead of stderr: the
/// bench then sees each file filed when it is renamed into `accepted/` or `rejected/` (inotify), just
/// before the fsync that makes it durable, and reports systemd-journald's CPU time beside the daemon's.
/// In one run, against a real `nianbaod run` process on a temporary tree:
/// 1. drops N seed-derived files at once (renamed into the inbox) and measures files/s until every
///    disposition is durable (the daemon logs each file after the fsync of its target folder);
/// 2. measures the latency of single drops at idle, from the rename into the inbox to the durable
///    result in the outbox (seen with inotify), p50 and p99;
/// 3. reads the daemon's peak RSS (VmHWM);
/// 4. times the shell baseline `inotifywait -m -e close_write,moved_to DIR | while read f; do mv …; done`
///    moving the same N files.
@main
struct DaemonBench {
    static func main() {
        // Output piped into a reader that stops early (`| head`) must not end the bench before it
        // stops its daemon and deletes its tree.
        signal(SIGPIPE, SIG_IGN)
        do {
            try run()
        } catch {
            Interruption.waitIfInterrupted()
            FileHandle.standardError.write(Data("nianbao-daemon-bench: \(error)\n".utf8))
            exit(1)
        }
        Interruption.waitIfInterrupted()
    }

    static func run() throws {
        var files = 10_000
        var samples = 200
        var seeds = "../shared/seeds"
        var binary = (CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/nianbaod"
        var concurrency = 0
        var durability = "syncfs"
        var parent = "/tmp"
        var small = false
        var baseline = true
        var log = "stderr"
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        func usage() -> Never {
            print("usage: nianbao-daemon-bench [--files N] [--samples N] [--seeds DIR] [--binary PATH] [--concurrency N] [--root DIR] [--small] [--durability syncfs|fsync] [--log stderr|journal] [--no-baseline]")
            exit(2)
        }
        while let argument = arguments.next() {
            switch argument {
            case "--files": files = Int(arguments.next() ?? "") ?? files
            case "--samples": samples = Int(arguments.next() ?? "") ?? samples
            case "--seeds": seeds = arguments.next() ?? seeds
            case "--binary": binary = arguments.next() ?? binary
            case "--concurrency": concurrency = Int(arguments.next() ?? "") ?? concurrency
            case "--root": parent = arguments.next() ?? parent
            case "--small": small = true
            case "--no-baseline": baseline = false
            case "--durability": durability = arguments.next() ?? durability
            case "--log":
                log = arguments.next() ?? ""
                if log != "stderr" && log != "journal" { usage() }
            default: usage()
            }
        }
        // The shell baseline is part of every run: refuse early rather than after the daemon's part.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard !baseline || path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/inotifywait") }) else {
            FileHandle.standardError.write(Data((
                "nianbao-daemon-bench: the shell baseline needs inotifywait, which is not installed. "
                    + "Install it with `apt-get install inotify-tools` (or `scripts/install-deps.sh --test`) and run again.\n").utf8))
            exit(2)
        }
        if log == "journal" && !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") {
            FileHandle.standardError.write(Data((
                "nianbao-daemon-bench: --log journal needs a running systemd-journald (no /run/systemd/journal/socket). "
                    + "Start it (`scripts/install-deps.sh --test` shows how) and run again.\n").utf8))
            exit(2)
        }
        let seedBytes = try loadSeeds(seeds)
        let root = try makeRoot(in: parent)
        Interruption.install(root: root)
        // ext4 without a journal (this machine's root file system) does not reuse an inode deleted in
        // the last one to five minutes: each new file's inode is found by scanning past them. A run
        // soon after another, whose tree of some 25,000 files was just deleted, pays for that scan on
        // every result it creates (seen with perf as `recently_deleted` in `__ext4_new_inode`).
        let cleanupStamp = parent + "/.nianbao-daemon-bench-cleanup"
        defer {
            try? FileManager.default.removeItem(atPath: root)
            _ = FileManager.default.createFile(atPath: cleanupStamp, contents: nil)
        }
        say("nianbao-daemon-bench: \(files) \(small ? "one-line files (--small)" : "files from \(seedBytes.count) seeds in \(seeds)"), daemon \(binary)")
        say("machine: \(SystemInfo.processorCount) cores; tree \(root); durability = \(durability); log = \(log)")
        if let attributes = try? FileManager.default.attributesOfItem(atPath: cleanupStamp),
            let stamped = attributes[.modificationDate] as? Date, -stamped.timeIntervalSinceNow < 300
        {
            say(String(format: "note: the previous run deleted its files %.0f s ago; on ext4 without a journal new files "
                + "then cost more kernel time for up to 5 minutes: wait for steadier figures", -stamped.timeIntervalSinceNow))
        }

        // Stage every file first (same file system), so dropping is one rename each.
        let staging = root + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        var names: [String] = []
        for index in 0..<files {
            let name = String(format: "report-%05d.txt", index)
            var bytes = small ? [] : seedBytes[index % seedBytes.count]
            bytes += Array("\n（副本\(index)）\n".utf8)
            try FileSystem.writeNew(BytePath(staging + "/" + name), bytes)
            names.append(name)
        }

        let daemon = try DaemonProcess(binary: binary, root: root, concurrency: concurrency, durability: durability, log: log)
        // Stopped however the bench ends: a daemon left running would watch a deleted tree and
        // take CPU from the runs after.
        defer { daemon.stop() }
        Interruption.daemonID.store(daemon.process.processIdentifier, ordering: .sequentiallyConsistent)
        try daemon.waitUntilReady(timeout: 30)
        // (A command name is cut to 15 characters: systemd-journald's is `systemd-journal`.)
        let journald = log == "journal" ? processID(named: "systemd-journal") : nil

        // 1. Throughput until durable.
        let cpuBefore = daemon.cpuSeconds()
        let journaldBefore = journald.map(cpuSeconds(of:))
        let benchBefore = ownCPUSeconds()
        let started = SystemInfo.monotonic()
        for name in names { rename(staging + "/" + name, root + "/var/inbox/" + name) }
        let dropped = SystemInfo.monotonic()
        try daemon.waitForFiled(files, timeout: 600)
        let elapsed = SystemInfo.monotonic() - started
        let rate = Double(files) / elapsed
        let done = log == "journal" ? "filed (each durable at its folder's next sync)" : "durable"
        say("throughput: \(files) files \(done) in " + String(format: "%.2f s = %.0f files/s (dropping took %.2f s)", elapsed, rate, dropped - started))
        let cpuAfter = daemon.cpuSeconds()
        let benchCPU = ownCPUSeconds() - benchBefore
        let journaldAfter = journald.map(cpuSeconds(of:))
        let user = cpuAfter.user - cpuBefore.user
        let system = cpuAfter.system - cpuBefore.system
        say(String(format: "daemon CPU for them: %.2f s user + %.2f s kernel = %.0f µs per file (%.0f%% in the kernel: creating, syncing and renaming files)",
                     user, system, (user + system) / Double(files) * 1e6, 100 * system / max(user + system, 1e-9)))
        let watching = log == "journal" ? "reading inotify events" : "reading the daemon's log"
        say("this bench's own CPU meanwhile (dropping, \(watching)): " + String(format: "%.2f s (%.0f%% of one core)", benchCPU, 100 * benchCPU / elapsed))
        if let journaldBefore, let journaldAfter {
            let seconds = journaldAfter.user + journaldAfter.system - journaldBefore.user - journaldBefore.system
            say(String(format: "systemd-journald's CPU meanwhile (storing the verdicts): %.2f s = %.0f µs per file (%.0f%% of one core)",
                         seconds, seconds / Double(files) * 1e6, 100 * seconds / elapsed))
        }

        // 2. Latency of single drops at idle.
        let outbox = try Inotify()
        _ = try outbox.addWatch(BytePath(root + "/var/outbox"), mask: [.movedTo])
        var latencies: [Double] = []
        let seed = seedBytes[0]
        for index in 0..<samples {
            let name = "single-\(index).txt"
            try FileSystem.writeNew(BytePath(staging + "/" + name), seed + Array("\n\(index)\n".utf8))
            usleep(20_000)
            // Only this drop's result may end the wait.
            _ = try outbox.read(timeout: 0)
            let before = SystemInfo.monotonic()
            rename(staging + "/" + name, root + "/var/inbox/" + name)
            var seen = false
            while !seen {
                for event in try outbox.read(timeout: 5) where event.name.map({ !$0.isHidden }) ?? false { seen = true }
                if SystemInfo.monotonic() - before > 10 { throw BenchError("no result for \(name) within 10 s") }
            }
            latencies.append((SystemInfo.monotonic() - before) * 1000)
            try daemon.waitForFiled(files + index + 1, timeout: 10)
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        say(String(format: "latency (drop at idle → durable result), %d samples: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                     samples, p50, p99, latencies.last ?? 0))

        // 3. Peak RSS.
        let rss = daemon.peakRSSKiB()
        say(String(format: "daemon peak RSS (VmHWM): %.1f MB", Double(rss) / 1024))
        daemon.stop()

        guard baseline else {
            say("targets: ≥2000 files/s \(rate >= 2000 ? "met" : "MISSED"); p99 < 50 ms \(p99 < 50 ? "met" : "MISSED"); "
                  + "RSS < 100 MB \(Double(rss) / 1024 < 100 ? "met" : "MISSED"); shell baseline not run (--no-baseline)")
            return
        }
        // 4. The shell baseline, moving the same files.
        let baselineRate = try shellBaseline(root: root, names: names)
        say(String(format: "shell baseline (inotifywait | while read; mv): %d files in %.2f s = %.0f files/s (not durable: no fsync)",
                     files, Double(files) / baselineRate, baselineRate))

        say("targets: ≥2000 files/s \(rate >= 2000 ? "met" : "MISSED"); ≥5× baseline (\(String(format: "%.1f", rate / baselineRate))×) "
              + "\(rate >= 5 * baselineRate ? "met" : "MISSED"); p99 < 50 ms \(p99 < 50 ? "met" : "MISSED"); "
              + "RSS < 100 MB \(Double(rss) / 1024 < 100 ? "met" : "MISSED")")
    }

    static func loadSeeds(_ folder: String) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        let seeds = names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map { [UInt8]($0) } }
        if seeds.isEmpty { throw BenchError("no seed files (*.txt) in \(folder); pass --seeds DIR") }
        return seeds
    }

    static func makeRoot(in parent: String) throws -> String {
        var template = Array("\(parent)/nianbao-daemon-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp failed") }
        return String(cString: made)
    }

    /// Moves the files out of an inbox with the shell pipeline and returns files/s.
    static func shellBaseline(root: String, names: [String]) throws -> Double {
        let inbox = root + "/baseline-in"
        let out = root + "/baseline-out"
        for folder in [inbox, out] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            "inotifywait -m -q -e close_write,moved_to --format '%f' \"$0\" | while read f; do mv \"$0/$f\" \"$1/\"; done",
            inbox, out,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // inotifywait is a child of this shell: ending it ends the loop and then the shell.
            for child in childProcesses(of: process.processIdentifier) { kill(child, SIGTERM) }
            process.waitUntilExit()
        }
        // Wait until the watch is established: a probe file gets moved.
        let deadline = SystemInfo.monotonic() + 10
        repeat {
            _ = FileManager.default.createFile(atPath: inbox + "/probe", contents: Data("p".utf8))
            usleep(100_000)
        } while !FileManager.default.fileExists(atPath: out + "/probe") && SystemInfo.monotonic() < deadline
        guard FileManager.default.fileExists(atPath: out + "/probe") else { throw BenchError("inotifywait did not start") }
        // The daemon filed each file as accepted or rejected: take the same files from wherever they are.
        let accepted = root + "/var/accepted"
        let rejected = root + "/var/rejected"
        let started = SystemInfo.monotonic()
        for name in names where rename(accepted + "/" + name, inbox + "/" + name) != 0 {
            rename(rejected + "/" + name, inbox + "/" + name)
        }
        while (try? FileManager.default.contentsOfDirectory(atPath: out).count) ?? 0 < names.count + 1 {
            usleep(5_000)
            if SystemInfo.monotonic() - started > 600 { throw BenchError("the baseline did not finish in 600 s") }
        }
        return Double(names.count) / (SystemInfo.monotonic() - started)
    }
}

/// The IDs of the direct children of `parent` (from /proc/PID/stat).
func childProcesses(of parent: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry),
            let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && Int32(fields[1]) == parent ? pid : nil
    }
}

/// The ID of the first process whose command name (`/proc/PID/comm`) is `name`.
func processID(named name: String) -> Int32? {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.lazy.compactMap { entry -> Int32? in
        guard let pid = Int32(entry),
            let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
            comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
        else { return nil }
        return pid
    }.first
}

/// A process's CPU time so far (all threads), from `/proc/PID/stat`.
func cpuSeconds(of pid: Int32) -> (user: Double, system: Double) {
    let text = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // Fields after the command name (which is in parentheses and may hold spaces).
    guard let close = text.lastIndex(of: ")") else { return (0, 0) }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return (0, 0) }
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    return (user / ticks, system / ticks)
}

/// What to undo when the bench is interrupted (SIGINT, SIGTERM) before it finishes: the daemon
/// under test is stopped and the tree deleted.
enum Interruption {
    /// The daemon under test, once started (0 before).
    static let daemonID = Atomic<Int32>(0)
    private static let interrupted = Atomic<Bool>(false)
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// After an interruption, waits for the signal handler to clean up and exit: the main thread,
    /// failing because the tree or the daemon is gone, must not exit first.
    static func waitIfInterrupted() {
        guard interrupted.load(ordering: .sequentiallyConsistent) else { return }
        while true { pause() }
    }

    /// On SIGINT or SIGTERM: stops the daemon, deletes `root` and exits with status 130. Call once,
    /// from the main thread.
    static func install(root: String) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interrupted.store(true, ordering: .sequentiallyConsistent)
                let daemon = daemonID.load(ordering: .sequentiallyConsistent)
                if daemon > 0 {
                    kill(daemon, SIGTERM)
                    // Its SIGTERM deadline is a few seconds; the tree goes once it has exited.
                    for _ in 0..<100 where kill(daemon, 0) == 0 { usleep(50_000) }
                }
                // The main thread may still be writing staged files into the tree: moved aside in one
                // rename first, it takes no more.
                let doomed = root + ".interrupted"
                let path = rename(root, doomed) == 0 ? doomed : root
                try? FileManager.default.removeItem(atPath: path)
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// This process's CPU time so far (user and kernel, all threads).
func ownCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// Prints a line and flushes at once, so figures survive a later failure and show while piped.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The daemon under test. Logging to stderr, it writes to a file that is read incrementally, and a
/// file counts as filed when its verdict is logged (after the fsync of its target folder); logging
/// to the journal, a file counts as filed when it is renamed into `accepted/` or `rejected/`.
final class DaemonProcess {
    let process = Process()
    let logPath: String
    private let root: String
    private var handle: FileHandle
    private var filed = 0
    private var ready = 0
    private var carry = Data()
    /// With the journal: inotify on `accepted/` and `rejected/`.
    private let arrivals: Inotify?

    init(binary: String, root: String, concurrency: Int, durability: String, log: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
        let config = "log = \"\(log)\"\nconcurrency = \(concurrency)\nresult_format = \"pretty\"\ndurability = \"\(durability)\"\n"
        try Data(config.utf8).write(to: URL(fileURLWithPath: root + "/config/nianbaod.toml"))
        logPath = root + "/daemon.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        if log == "journal" {
            let arrivals = try Inotify()
            for folder in ["accepted", "rejected"] {
                try FileManager.default.createDirectory(atPath: root + "/var/" + folder, withIntermediateDirectories: true)
                _ = try arrivals.addWatch(BytePath(root + "/var/" + folder), mask: [.movedTo])
            }
            self.arrivals = arrivals
        } else {
            arrivals = nil
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", root + "/config/nianbaod.toml", "--log", log]
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: logPath))
    }

    /// Waits until the daemon watches its inbox: its ready event in the log, or (with the journal)
    /// a probe file filed (found by the daemon's start-up scan if dropped before its watch); the
    /// probe is not counted.
    func waitUntilReady(timeout: Double) throws {
        guard arrivals != nil else { return try waitForEvents(count: 1, timeout: timeout) }
        try FileManager.default.createDirectory(atPath: root + "/var/inbox", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/var/inbox/ready-probe.txt", contents: Data("probe\n".utf8))
        let deadline = SystemInfo.monotonic() + timeout
        while filed < 1 {
            try countArrivals(timeout: 0.05)
            if SystemInfo.monotonic() > deadline { throw BenchError("the daemon did not file a probe within \(timeout) s; see \(logPath)") }
        }
        filed -= 1
    }

    /// Counts files (not reasons, not hidden temporaries) renamed into `accepted/` or `rejected/`.
    private func countArrivals(timeout: Double) throws {
        guard let arrivals else { return }
        for event in try arrivals.read(timeout: timeout) {
            guard let name = event.name, !name.isHidden, !name.text.hasSuffix(".reason.txt") else { continue }
            filed += 1
        }
    }

    private func poll() {
        let data = carry + handle.readDataToEndOfFile()
        guard let lastNewline = data.lastIndex(of: 0x0A) else {
            carry = data
            return
        }
        let complete = data[data.startIndex...lastNewline]
        carry = Data(data[(lastNewline + 1)...])
        // Counted on bytes: Foundation's string splitting cost the bench a sizeable share of the
        // two cores it shares with the daemon under test.
        let bytes = [UInt8](complete)
        filed += Self.occurrences(of: Self.acceptedID, in: bytes) + Self.occurrences(of: Self.rejectedID, in: bytes)
        ready += Self.occurrences(of: Self.readyID, in: bytes)
    }

    private static let acceptedID = Array("53ff79bc54144f6fbbcf616ff84d85da".utf8)
    private static let rejectedID = Array("f0236e4a54d7414da5eb14183e43d882".utf8)
    private static let readyID = Array("1c941d9426dc4db895b263db42afafa5".utf8)

    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count, let first = needle.first else { return 0 }
        var count = 0
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }

    private func waitForEvents(count: Int, timeout: Double) throws {
        let deadline = SystemInfo.monotonic() + timeout
        while ready < count {
            poll()
            if SystemInfo.monotonic() > deadline { throw BenchError("the daemon did not get ready; see \(logPath)") }
            usleep(2_000)
        }
    }

    /// Waits until `count` files were filed: logged (each after its target folder's fsync), or with
    /// the journal renamed into `accepted/` or `rejected/`.
    func waitForFiled(_ count: Int, timeout: Double) throws {
        let deadline = SystemInfo.monotonic() + timeout
        while filed < count {
            if arrivals != nil {
                try countArrivals(timeout: 0.01)
            } else {
                poll()
            }
            if SystemInfo.monotonic() > deadline { throw BenchError("only \(filed) of \(count) files filed in time") }
            if filed < count && arrivals == nil { usleep(1_000) }
        }
    }

    /// The daemon's CPU time so far (all threads).
    func cpuSeconds() -> (user: Double, system: Double) { nianbao_daemon_bench.cpuSeconds(of: process.processIdentifier) }

    func peakRSSKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// Stops the daemon with SIGTERM and waits for it; again, does nothing.
    func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
    private let stopped = Mutex(false)
}
