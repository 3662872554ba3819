import Foundation
import NianbaoCore
import NianbaoReaders
import NianbaoTestSupport

/// Measures how many reports per second are read from Word, web pages and PDF.
///
/// For each format a representative annual report (three tables with merged cells, split runs and
/// nested spans) is rendered once, then read repeatedly for a share of the time: first by the
/// reader alone (reads/s), then through `ReportChecker` (reports/s, reading plus recognition and
/// checks). PDF is measured only when `pdftotext` and python3-reportlab are installed.
enum ReadersBenchmark {
    /// Runs the measurements for about `seconds` in all and prints one line per figure.
    static func run(seconds: Double) {
        let blocks = sampleReport()
        var samples: [(String, any DocumentReader, [UInt8])] = [
            ("docx", DocxReader(), DocxWriter(runLength: 2).render(blocks)),
            (
                "html", HTMLReader(),
                HTMLWriter(charset: .gbk, publicationDate: "2022-01-13", pieceLength: 3).render(blocks)
            ),
        ]
        if PDFReader().isAvailable, PDFWriter().isAvailable, let pdf = try? PDFWriter().render(blocks) {
            samples.append(("pdf", PDFReader(), pdf))
        } else {
            print(
                "pdf: skipped (needs pdftotext and python3-reportlab: apt-get install poppler-utils python3-reportlab)")
        }
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let share = seconds / Double(samples.count * 2)
        for (name, reader, bytes) in samples {
            do {
                let document = try reader.read(bytes, name: "report.\(name)")
                let rows = document.lines.filter(\.isTableRow).count
                let reads = measure(share) { _ = try? reader.read(bytes, name: "report.\(name)") }
                let reports = measure(share) { _ = checker.check(bytes: bytes, name: "report.\(name)") }
                print(
                    "\(name): \(format(reads.rate)) reads/s (\(format(reads.cpuMilliseconds)) ms CPU each), "
                        + "\(format(reports.rate)) reports/s checked (\(format(reports.cpuMilliseconds)) ms CPU each) "
                        + "[\(bytes.count) bytes, \(document.lines.count) lines, \(rows) table rows]")
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

    /// An annual report of the 2021 format with its three tables, merged header cells included.
    static func sampleReport() -> [DocBlock] {
        var blocks: [DocBlock] = [
            .paragraph("某某市某某局2021年政府信息公开工作年度报告"),
            .paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制，数据统计期限自2021年1月1日至12月31日。"),
            .paragraph("一、总体情况"),
            .paragraph("2021年，本机关全年主动公开政府信息1260条，受理政府信息公开申请13件。"),
            .paragraph("二、主动公开政府信息情况"),
        ]
        let proactive: [[DocCell]] = [
            [DocCell("第二十条第（一）项", columnSpan: 4)],
            [DocCell("信息内容"), DocCell("本年制发件数"), DocCell("本年废止件数"), DocCell("现行有效件数")],
            [DocCell("规章"), DocCell("0"), DocCell("0"), DocCell("3")],
            [DocCell("行政规范性文件"), DocCell("12"), DocCell("1"), DocCell("45")],
            [DocCell("第二十条第（五）项", columnSpan: 4)],
            [DocCell("信息内容"), DocCell("本年处理决定数量", columnSpan: 3)],
            [DocCell("行政许可"), DocCell("1234", columnSpan: 3)],
            [DocCell("第二十条第（八）项", columnSpan: 4)],
            [DocCell("信息内容"), DocCell("本年收费金额（单位：万元）", columnSpan: 3)],
            [DocCell("行政事业性收费"), DocCell("0", columnSpan: 3)],
        ]
        blocks.append(.table(proactive))
        blocks.append(.paragraph("三、收到和处理政府信息公开申请情况"))
        let labels = [
            "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开",
            "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
            "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
            "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
            "（六）其他处理", "（七）总计", "四、结转下年度继续办理",
        ]
        var applications: [[DocCell]] = [
            [
                DocCell(
                    "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", columnSpan: 2,
                    verticalMerge: .restart(rows: 3)),
                DocCell("申请人情况", columnSpan: 7),
            ],
            [
                DocCell("", columnSpan: 2, verticalMerge: .continue), DocCell("自然人", verticalMerge: .restart(rows: 2)),
                DocCell("法人或其他组织", columnSpan: 5), DocCell("总计", verticalMerge: .restart(rows: 2)),
            ],
            [
                DocCell("", columnSpan: 2, verticalMerge: .continue), DocCell("", verticalMerge: .continue),
                DocCell("商业企业"), DocCell("科研机构"), DocCell("社会公益组织"), DocCell("法律服务机构"), DocCell("其他"),
                DocCell("", verticalMerge: .continue),
            ],
        ]
        for (index, label) in labels.enumerated() {
            let numbers = (0..<6).map { ($0 * 7 + index * 3) % 5 }
            applications.append(
                [DocCell(label, columnSpan: 2)] + numbers.map { DocCell(String($0)) }
                    + [DocCell(String(numbers.reduce(0, +)))])
        }
        blocks.append(.table(applications))
        blocks.append(.paragraph("四、政府信息公开行政复议、行政诉讼情况"))
        let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        let review: [[DocCell]] = [
            [DocCell("行政复议", columnSpan: 5), DocCell("行政诉讼", columnSpan: 10)],
            outcomes.map { DocCell($0, verticalMerge: .restart(rows: 2)) }
                + [DocCell("未经复议直接起诉", columnSpan: 5), DocCell("复议后起诉", columnSpan: 5)],
            outcomes.map { _ in DocCell("", verticalMerge: .continue) } + (outcomes + outcomes).map { DocCell($0) },
            (0..<15).map { DocCell(String(($0 * 5) % 3)) },
        ]
        blocks.append(.table(review))
        blocks.append(.paragraph("五、存在的主要问题及改进情况"))
        blocks.append(.paragraph("主动公开的深度和广度有待进一步提升。下一步，本机关将继续加强政府信息公开工作。"))
        blocks.append(.paragraph("六、其他需要报告的事项"))
        blocks.append(.paragraph("本机关2021年度未收取信息处理费。"))
        return blocks
    }
}
