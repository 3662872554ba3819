import Foundation
@_spi(Benchmarks) import NianbaoCore

// nianbao-bench: parse-and-check throughput on one core, in one process.
//
//   nianbao-bench [seeds|generated|readers|stages|json|hostile|handoff|all] [--seconds N] [--seeds-dir DIR] [--iterations N]
//                 [--threads N]
//
// Prints reports per second for the seed reports, for a generated corpus of ~9 KB text reports in every
// layout, and for each file format (docx, html, pdf) through the readers. `stages` prints where the time
// of a check goes (µs per report in each stage, seeds and generated corpus). `hostile` prints the time
// and peak memory of one check of each of a few inputs shaped to be expensive. `--threads N` checks the seeds
// on N threads of one process at once (as the daemon's checkers do) and prints each thread's rate.
// `json` prints the time to render a seed's result as the daemon writes it (indented JSON).
// `handoff` compares the checking thread's CPU per report when another thread renders and frees its
// results (as the daemon's filing thread does) with the same work on one thread.

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 3.0
var seedsDirectory = "../shared/seeds"
var iterations: Int? = nil
if let index = arguments.firstIndex(of: "--iterations"), index + 1 < arguments.count {
    iterations = Int(arguments[index + 1])
    arguments.removeSubrange(index...index + 1)
}
if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count {
    seconds = Double(arguments[index + 1]) ?? seconds
    arguments.removeSubrange(index...index + 1)
}
if let index = arguments.firstIndex(of: "--seeds-dir"), index + 1 < arguments.count {
    seedsDirectory = arguments[index + 1]
    arguments.removeSubrange(index...index + 1)
}
var threads = 1
if let index = arguments.firstIndex(of: "--threads"), index + 1 < arguments.count {
    threads = max(1, Int(arguments[index + 1]) ?? 1)
    arguments.removeSubrange(index...index + 1)
}
let mode = arguments.first ?? "all"

/// Checks `corpus` round-robin for `seconds` and prints the rate.
func measure(_ label: String, _ corpus: [(name: String, bytes: [UInt8])], seconds: Double, iterations: Int?) {
    guard !corpus.isEmpty else {
        print("\(label): no input")
        return
    }
    let checker = ReportChecker()
    let averageBytes = corpus.reduce(0) { $0 + $1.bytes.count } / corpus.count
    // Warm up.
    if iterations == nil { for item in corpus { _ = checker.check(bytes: item.bytes, name: item.name) } }
    var count = 0
    var rejected = 0
    // Each pass over the corpus is timed too: on a shared virtual machine the rate moves with the
    // neighbours' load, and the median and best pass show how much.
    var passRates: [Double] = []
    let cpuStart = threadCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    let deadline = start + UInt64(seconds * 1e9)
    var now = start
    while now < deadline || (iterations != nil && count < iterations!) {
        if let iterations, count >= iterations { break }
        let passStart = now
        for item in corpus {
            if checker.check(bytes: item.bytes, name: item.name).verdict == .rejected { rejected += 1 }
            count += 1
        }
        now = DispatchTime.now().uptimeNanoseconds
        passRates.append(Double(corpus.count) * 1e9 / Double(max(1, now - passStart)))
    }
    let cpu = threadCPUSeconds() - cpuStart
    let elapsed = Double(now - start) / 1e9
    let rate = Double(count) / elapsed
    passRates.sort()
    print(String(
        format: "%@: %d reports in %.2f s = %.0f reports/s (%.1f µs each, average %d bytes, %d distinct files, %.0f%% rejected)",
        label, count, elapsed, rate, 1e6 / rate, averageBytes, corpus.count, Double(rejected) * 100 / Double(count)))
    print(String(
        format: "%@:   %d passes over the corpus: median %.0f, best %.0f reports/s; %.0f reports per second of this thread's CPU time",
        label, passRates.count, passRates.isEmpty ? 0 : passRates[passRates.count / 2], passRates.last ?? 0,
        Double(count) / max(cpu, 1e-9)))
}

/// CPU time of the calling thread, in seconds (time the thread waited for a processor is not in it).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func loadSeeds(_ seedsDirectory: String) -> [(name: String, bytes: [UInt8])] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory)) ?? []
    return files.filter { $0.hasSuffix(".txt") }.sorted().compactMap { name in
        guard let data = FileManager.default.contents(atPath: seedsDirectory + "/" + name) else { return nil }
        return (name, [UInt8](data))
    }
}

if mode == "seeds" || mode == "all" {
    let seeds = loadSeeds(seedsDirectory)
    let (threadCount, runSeconds, runIterations) = (threads, iterations == nil ? seconds : 0, iterations)
    // With --threads N, N threads of this process check at once, as the daemon's checkers do.
    DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
        let label = threadCount == 1 ? "seeds" : "seeds (thread \(thread + 1) of \(threadCount))"
        measure(label, seeds, seconds: runSeconds, iterations: runIterations)
    }
}
if mode == "generated" || mode == "all" { measure("generated", GeneratedCorpus.make(), seconds: iterations == nil ? seconds : 0, iterations: iterations) }
if mode == "readers" || mode == "all" { ReadersBenchmark.run(seconds: seconds * 4) }

/// Times each stage of checking over `corpus` for `seconds` and prints µs per report and shares.
func measureStages(_ label: String, _ corpus: [(name: String, bytes: [UInt8])], seconds: Double) {
    let checker = ReportChecker()
    var totals = StageClock()
    var count = 0
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    while DispatchTime.now().uptimeNanoseconds < deadline {
        for item in corpus {
            guard let (clock, _) = checker.profile(bytes: item.bytes, name: item.name) else { continue }
            totals.add(clock)
            count += 1
        }
    }
    guard count > 0 else {
        print("\(label) stages: no text input")
        return
    }
    let sum = totals.stages.reduce(0) { $0 + $1.nanoseconds }
    print("\(label) stages (\(count) reports, \(String(format: "%.1f", Double(sum) / Double(count) / 1000)) µs each in all):")
    for stage in totals.stages {
        let micros = Double(stage.nanoseconds) / Double(count) / 1000
        let padded = stage.name + String(repeating: " ", count: max(0, 10 - stage.name.count))
        print("  " + padded + String(format: "%7.1f µs %5.1f%%", micros, Double(stage.nanoseconds) * 100 / Double(sum)))
    }
}

if mode == "stages" {
    measureStages("seeds", loadSeeds(seedsDirectory), seconds: seconds)
    measureStages("generated", GeneratedCorpus.make(), seconds: seconds)
}

/// Renders the seeds' results as the daemon writes them (indented JSON) for `seconds`, or
/// `iterations` times, and prints the time per result: the step after the check.
func measureJSON(_ corpus: [(name: String, bytes: [UInt8])], seconds: Double, iterations: Int?) {
    let checker = ReportChecker()
    let results = corpus.map { checker.check(bytes: $0.bytes, name: $0.name) }
    guard !results.isEmpty else {
        print("json: no input")
        return
    }
    var count = 0
    var bytes = 0
    let cpuStart = threadCPUSeconds()
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    while iterations.map({ count < $0 }) ?? (DispatchTime.now().uptimeNanoseconds < deadline) {
        for result in results {
            bytes += result.jsonBytes(pretty: true).count
            count += 1
        }
    }
    let cpu = threadCPUSeconds() - cpuStart
    print(String(format: "json: %d results rendered (indented, as the daemon writes them) in %.2f s of CPU = %.1f µs each, average %d bytes",
                 count, cpu, cpu * 1e6 / Double(max(count, 1)), bytes / max(count, 1)))
}

if mode == "json" { measureJSON(loadSeeds(seedsDirectory), seconds: seconds, iterations: iterations) }
if mode == "hostile" { HostileInputs.run(seedsDirectory: seedsDirectory) }
if mode == "handoff" { HandoffBenchmark.run(loadSeeds(seedsDirectory), seconds: seconds) }
