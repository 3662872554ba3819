import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

/// PDFs are made on this machine by Debian's python3-reportlab (see ``PDFWriter``).
enum ReportlabPDF {
    static let available = PDFReader().isAvailable && PDFWriter().isAvailable

    static let skipMessage: Comment =
        "needs pdftotext and reportlab: apt-get install poppler-utils poppler-data python3-reportlab"
}

@Suite struct PDFReaderTests {
    @Test(.enabled(if: ReportlabPDF.available, ReportlabPDF.skipMessage))
    func generatedPDFTablesReadBack() throws {
        var random = SeededGenerator(seed: 0x6E69_616E_6261_6F03)
        for round in 0..<3 {
            var tables: [[[String]]] = []
            for _ in 0..<3 {
                let columns = Int.random(in: 2...6, using: &random)
                var rows: [[String]] = [
                    ["信息内容"] + (1..<columns).map { ["本年新收", "办结", "结转", "总计", "其他"][($0 - 1) % 5] }
                ]
                for _ in 0..<Int.random(in: 2...8, using: &random) {
                    let label = RandomDocuments.labels.filter {
                        !$0.contains("\n") && !$0.contains(where: "<>&\"".contains)
                    }
                    .randomElement(using: &random)!
                    rows.append([label] + (1..<columns).map { _ in String(Int.random(in: 0...99_999, using: &random)) })
                }
                tables.append(rows)
            }
            let title = "某某局2021年政府信息公开工作年度报告（第\(round + 1)份）"
            let bytes = try PDFWriter().render(
                [.paragraph(title)] + tables.map { .table($0.map { $0.map { DocCell($0) } }) })
            let document = try PDFReader().read(bytes, name: "report.pdf")
            #expect(document.kind == .pdf)
            #expect(document.lines.contains(.paragraph(title)))
            for row in tables.joined() {
                #expect(document.lines.contains(SourceLine(cells: row)), "row \(row) missing in round \(round)")
            }
        }
    }

    @Test(.enabled(if: ReportlabPDF.available, ReportlabPDF.skipMessage))
    func truncatedPDFHasItsOwnReason() throws {
        let bytes = try PDFWriter().render([.paragraph("报告"), .table([[DocCell("a"), DocCell("1")]])])
        #expect(throws: ReaderFailures.truncatedPDF) {
            try PDFReader().read(Array(bytes.prefix(bytes.count * 2 / 3)), name: "cut.pdf")
        }
    }

    @Test func truncatedPDFIsRefusedWithoutRunningAnything() {
        let bytes = Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog".utf8)
        #expect(throws: ReaderFailures.truncatedPDF) { try PDFReader().read(bytes, name: "cut.pdf") }
    }

    @Test(.enabled(if: PDFReader().isAvailable, "needs pdftotext: apt-get install poppler-utils"))
    func damagedPDFNamesTheToolsComplaint() throws {
        let bytes = Array("%PDF-1.4\ngarbage that is no PDF at all\n%%EOF\n".utf8)
        do throws(ReadFailure) {
            _ = try PDFReader().read(bytes, name: "bad.pdf")
            Issue.record("a damaged PDF was read")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.zh.contains("PDF文件已损坏") || error == ReaderFailures.pdfWithoutText, "\(error.zh)")
        }
    }

    @Test func missingPdftotextNamesThePackage() {
        let reader = PDFReader(pdftotextPath: "/nonexistent/pdftotext")
        #expect(!reader.isAvailable)
        do throws(ReadFailure) {
            _ = try reader.read(Array("%PDF-1.4\n%%EOF\n".utf8), name: "a.pdf")
            Issue.record("read without pdftotext")
        } catch {
            #expect(error.code == .unsupportedType)
            #expect(error.zh.contains("poppler-utils"))
            #expect(error.zh.contains("apt-get install poppler-utils"))
        }
    }

    @Test func childProcessIsKilledAtItsDeadline() throws {
        let clock = ContinuousClock()
        var outcome: ChildProcess.Outcome?
        let elapsed = clock.measure {
            outcome = ChildProcess(
                executable: "/bin/sleep", arguments: ["30"], timeoutSeconds: 0.3, maxOutputBytes: 1000
            )
            .run()
        }
        guard case .timedOut = try #require(outcome) else {
            Issue.record("expected a timeout, got \(String(describing: outcome))")
            return
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func childProcessOutputIsCapped() throws {
        let outcome = ChildProcess(
            executable: "/bin/cat", arguments: ["/dev/zero"], timeoutSeconds: 10, maxOutputBytes: 100_000
        )
        .run()
        guard case .outputTooLarge = outcome else {
            Issue.record("expected the output cap, got \(outcome)")
            return
        }
    }

    @Test func layoutLinesSplitAtTwoOrMoreSpaces() {
        let text = "  标题 一行\n\u{0C}自然人     12  0    345\n\n\n"
        #expect(
            PDFReader.lines(text) == [
                SourceLine(cells: ["标题 一行"]), SourceLine(cells: ["自然人", "12", "0", "345"]),
            ])
    }
}

@Suite struct PDFMergedTableTests {
    @Test(.enabled(if: ReportlabPDF.available, ReportlabPDF.skipMessage))
    func everyCellOfAMergedTableComesOut() throws {
        let bytes = try PDFWriter().render(HTMLReaderTests.blocks)
        let document = try PDFReader().read(bytes, name: "merged.pdf")
        let cells = Set(document.lines.flatMap(\.cells))
        for case .table(let rows) in HTMLReaderTests.blocks {
            for cell in rows.joined() where !cell.text.isEmpty && !cell.text.contains("\n") {
                #expect(cells.contains(cell.text), "\(cell.text) missing from \(document.lines)")
            }
        }
        #expect(cells.contains("二、其他 & <说明>"))
    }
}
