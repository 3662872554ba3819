import Foundation
import NianbaoCore
import NianbaoReaders
import NianbaoTestSupport

/// Measures how many reports per second are read from Word, web pages and PDF.
///
/// For each format valid reports of the generator (three tables with the template's merged cells)
/// are rendered once (24 Word documents with runs split mid-number, 24 web pages in UTF-8/GB2312/
/// GBK with numbers in nested spans, 4 PDFs), then read round-robin for a share of the time: first
/// by the reader alone (reads/s), then through `ReportChecker` (reports/s: reading plus recognition
/// and checks). PDF is measured only when `pdftotext` and python3-reportlab are installed.
enum ReadersBenchmark {
    /// Runs the measurements for about `seconds` in all and prints one line per figure.
    static func run(seconds: Double) {
        // Generated reports with known truth (valid ones), as Word documents and web pages.
        let documents = ReportGenerator(seed: 6_000).documents(count: 24, defectRate: 0).map(\.blocks)
        var samples: [(String, any DocumentReader, [[UInt8]])] = [
            (
                "docx", DocxReader(),
                documents.enumerated().map { DocxWriter(runLength: $0.offset % 4).render($0.element) }
            ),
            (
                "html", HTMLReader(),
                documents.enumerated().map {
                    HTMLWriter(
                        charset: HTMLWriter.Charset.allCases[$0.offset % 3], publicationDate: "2022-01-13",
                        pieceLength: $0.offset % 4
                    ).render($0.element)
                }
            ),
        ]
        let writer = PDFWriter()
        if PDFReader().isAvailable, writer.isAvailable,
            let pdfs = try? documents.prefix(4).map({ try writer.render($0) })
        {
            samples.append(("pdf", PDFReader(), pdfs))
        } else {
            print(
                "pdf: skipped (needs pdftotext and python3-reportlab: apt-get install poppler-utils python3-reportlab)")
        }
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let share = seconds / Double(samples.count * 2)
        for (name, reader, files) in samples {
            do {
                let document = try reader.read(files[0], name: "report.\(name)")
                let rows = document.lines.filter(\.isTableRow).count
                let size = files.reduce(0) { $0 + $1.count } / files.count
                var next = 0
                func file() -> [UInt8] {
                    next = (next + 1) % files.count
                    return files[next]
                }
                let reads = measure(share) { _ = try? reader.read(file(), name: "report.\(name)") }
                let reports = measure(share) { _ = checker.check(bytes: file(), name: "report.\(name)") }
                print(
                    "\(name): \(format(reads.rate)) reads/s (\(format(reads.cpuMilliseconds)) ms CPU each), "
                        + "\(format(reports.rate)) reports/s checked (\(format(reports.cpuMilliseconds)) ms CPU each) "
                        + "[\(files.count) files, average \(size) bytes; first: \(document.lines.count) lines, "
                        + "\(rows) table rows]")
            } catch {
                print("\(name): sample could not be read: \(error.zh)")
            }
        }
    }

    /// Repeats `body` for `seconds`; returns the rate per wall-clock second and the CPU time of one
    /// run (this process and its children, such as `pdftotext`), which a busy machine disturbs less.
    private static func measure(_ seconds: Double, _ body: () -> Void) -> (rate: Double, cpuMilliseconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = cpuSeconds()
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var count = 0
        repeat {
            body()
            count += 1
        } while clock.now < deadline
        let elapsed = start.duration(to: clock.now)
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(count) / total, (cpuSeconds() - cpuStart) * 1000 / Double(count))
    }

    /// User and system time of this process and its waited-for children.
    private static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF.rawValue, RUSAGE_CHILDREN.rawValue] {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            total +=
                Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    private static func format(_ rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(format: rate >= 10 ? "%.1f" : "%.2f", rate)
    }
}
