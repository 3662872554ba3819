import Foundation

/// Time spent in each step of checking a report, for `nianbao-bench stages`: where the
/// microseconds of a check go, without a profiler.
@_spi(Benchmarks) public struct StageClock: Sendable {
    /// Stages in the order they ran, with the nanoseconds each took (repeated names add up).
    public private(set) var stages: [(name: String, nanoseconds: UInt64)] = []
    private var last: UInt64

    /// A clock started now.
    public init() { last = DispatchTime.now().uptimeNanoseconds }

    /// Ends the stage `name` (started when the previous one ended) and starts the next.
    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        add(now - last, to: name)
        last = now
    }

    /// Adds the stages of `other` to these (times of stages of the same name add up; new names
    /// come after, in `other`'s order): totals over many checks.
    public mutating func add(_ other: StageClock) {
        for stage in other.stages { add(stage.nanoseconds, to: stage.name) }
    }

    private mutating func add(_ nanoseconds: UInt64, to name: String) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].nanoseconds += nanoseconds
        } else {
            stages.append((name, nanoseconds))
        }
    }
}

extension ReportChecker {
    /// Checks `bytes` as ``check(bytes:name:inbox:now:)`` does for a text file, timing each stage:
    /// hashing, decoding, layout, tokenizing, headings, metadata, each table, the sections, cell
    /// inference, the checks, and rendering the result as JSON (which the daemon does next).
    /// - Returns: the stages and the result (the same as `check` gives), or `nil` for files that
    ///   are not text, or are over the size limit or the limit on text (as `check` refuses them).
    @_spi(Benchmarks) public func profile(bytes: [UInt8], name: String) -> (clock: StageClock, result: CheckResult)? {
        let started = DispatchTime.now().uptimeNanoseconds
        var clock = StageClock()
        var source = SourceInfo(name: name, inbox: nil, sha256: SHA256.hex(bytes), bytes: bytes.count, kind: nil, encoding: nil)
        clock.lap("sha256")
        guard bytes.count <= options.sizeLimit, case .text = ContentSniffer.sniff(bytes),
            case .success(let document) = readText(bytes, name: name, decoded: { clock.lap("decode") })
        else { return nil }
        source.kind = document.kind
        source.encoding = document.encoding
        clock.lap("layout")
        var recognizer = ReportRecognizer(document: document)
        recognizer.clock = clock
        let report = recognizer.recognize()
        clock = recognizer.clock ?? clock
        let findings = recognizer.findings + ReportChecks(report: report, evidence: recognizer.evidence).run()
        let result = finish(source: source, report: report, findings: findings, started: started, now: Date())
        clock.lap("checks")
        // What the daemon writes to the outbox (indented, its default), as bytes: no `String` made.
        _ = result.jsonBytes(pretty: true)
        clock.lap("json")
        return (clock, result)
    }
}
