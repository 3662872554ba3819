import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

@Suite struct HTMLReaderTests {
    let reader = HTMLReader()

    static let blocks: [DocBlock] = [
        .paragraph("某某局2021年政府信息公开工作年度报告"),
        .paragraph("一、总体情况\n（一）主动公开"),
        .table([
            [DocCell("信息内容", columnSpan: 2), DocCell("本年制发件数"), DocCell("现行有效件数")],
            [DocCell("规章", verticalMerge: .restart(rows: 3)), DocCell("A"), DocCell("12"), DocCell("")],
            [DocCell("", verticalMerge: .continue), DocCell("B"), DocCell(""), DocCell("1234567")],
            [
                DocCell("", verticalMerge: .continue), DocCell("C", columnSpan: 2, verticalMerge: .restart(rows: 2)),
                DocCell("9"),
            ],
            [DocCell("总计"), DocCell("", columnSpan: 2, verticalMerge: .continue), DocCell("三、结果\n（一）公开")],
        ]),
        .paragraph("二、其他 & <说明>"),
    ]

    static let expected: [SourceLine] = [
        .paragraph("某某局2021年政府信息公开工作年度报告"),
        .paragraph("一、总体情况"),
        .paragraph("（一）主动公开"),
        SourceLine(cells: ["信息内容", "本年制发件数", "现行有效件数"], isTableRow: true),
        SourceLine(cells: ["规章", "A", "12", ""], isTableRow: true),
        SourceLine(cells: ["", "B", "", "1234567"], isTableRow: true),
        SourceLine(cells: ["", "C", "9"], isTableRow: true),
        SourceLine(cells: ["总计", "", "三、结果\n（一）公开"], isTableRow: true),
        .paragraph("二、其他 & <说明>"),
    ]

    @Test(arguments: HTMLWriter.Charset.allCases, [0, 1, 3])
    func pageWithSpansAndMergesReadsBackExactly(charset: HTMLWriter.Charset, pieceLength: Int) throws {
        let writer = HTMLWriter(charset: charset, publicationDate: "2022-01-13", pieceLength: pieceLength)
        let bytes = writer.render(Self.blocks)
        if charset != .utf8 { #expect(String(validating: bytes, as: UTF8.self) == nil, "really GBK-encoded") }
        let document = try reader.read(bytes, name: "index.html")
        #expect(document.lines == Self.expected)
        #expect(document.kind == .html)
        #expect(document.encoding == charset.rawValue.lowercased())
        #expect(document.publishedMetadata == "2022-01-13")
    }

    @Test func nestedSpansNbspAndEmptyCells() throws {
        let page = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
            <div id="content"><p>&nbsp;&nbsp;一、总体情况&nbsp;</p>
            <table><tr><td><span><span>1</span>2</span><span><b>3</b></span></td><td>&nbsp;</td><td></td>
            <td><p>自然</p><p>人</p></td><th>  a  <br>  b </th></tr></table>
            </div></body></html>
            """
        let document = try reader.read(Array(page.utf8), name: "a.html")
        #expect(
            document.lines == [
                .paragraph("一、总体情况"), SourceLine(cells: ["123", "", "", "自然\n人", "a\nb"], isTableRow: true),
            ])
    }

    @Test func articleIsFoundAmongMenusScriptsAndFooters() throws {
        let bytes = HTMLWriter(pageChrome: true).render(Self.blocks)
        let text = try reader.read(bytes, name: "a.html").lines.flatMap(\.cells).joined(separator: "|")
        for noise in ["首页", "政务公开", "2020年年报", "主办单位", "ICP", "统计", "var menu", "分享到", "当前位置"] {
            #expect(!text.contains(noise), "\(noise) leaked into the article")
        }
    }

    @Test func layoutTablesAreReadAsTextAndTheHeadingIsKept() throws {
        let page = """
            <html><head><title>年报</title></head><body>
            <table width="100%"><tr><td class="top"><a href="/">首页</a> <a href="/x">政务公开</a></td></tr>
            <tr><td><h1>某某局2021年年度报告</h1></td></tr>
            <tr><td><table><tr><td>
            <div class="content"><p>一、总体情况</p><p>本机关全年主动公开政府信息1200条，其中规章12件。</p>
            <table border="1"><tr><td>规章</td><td>12</td></tr><tr><td>规范性文件</td><td>7</td></tr></table>
            <p>二、主动公开政府信息情况，详见下表及说明。本年度无其他需要报告的事项。</p></div>
            </td></tr></table></td></tr>
            <tr><td class="foot">版权所有</td></tr></table></body></html>
            """
        let document = try reader.read(Array(page.utf8), name: "a.html")
        #expect(
            document.lines == [
                .paragraph("某某局2021年年度报告"),
                .paragraph("一、总体情况"),
                .paragraph("本机关全年主动公开政府信息1200条，其中规章12件。"),
                SourceLine(cells: ["规章", "12"], isTableRow: true),
                SourceLine(cells: ["规范性文件", "7"], isTableRow: true),
                .paragraph("二、主动公开政府信息情况，详见下表及说明。本年度无其他需要报告的事项。"),
            ])
    }

    @Test func twoHundredFiftyRandomPagesReadBackExactly() throws {
        var random = SeededGenerator(seed: 0x6E69_616E_6261_6F02)
        var merged = 0
        for index in 0..<250 {
            let blocks = RandomDocuments.document(using: &random)
            let writer = HTMLWriter(
                charset: HTMLWriter.Charset.allCases.randomElement(using: &random)!,
                publicationDate:
                    "2022-0\(Int.random(in: 1...9, using: &random))-1\(Int.random(in: 0...9, using: &random))",
                pieceLength: Int.random(in: 0...3, using: &random), pageChrome: Bool.random(using: &random))
            let document = try reader.read(writer.render(blocks), name: "random-\(index).html")
            let expected = RandomDocuments.expectedHTMLLines(blocks)
            #expect(document.lines == expected, "page \(index), \(writer)")
            #expect(document.publishedMetadata == writer.publicationDate)
            if document.lines != expected { break }
            merged += blocks.reduce(0) { count, block in
                guard case .table(let rows) = block else { return count }
                return count + rows.joined().filter { $0.columnSpan > 1 || $0.verticalMerge != .none }.count
            }
        }
        #expect(merged > 500)
    }

    @Test func pageWithoutAnyTableStillGivesItsText() throws {
        let page = "<html><body><div class=\"nav\"><a>首页</a></div><p>某某局2021年报告</p><p>本年无数据。</p></body></html>"
        let document = try reader.read(Array(page.utf8), name: "a.html")
        #expect(document.lines == [.paragraph("某某局2021年报告"), .paragraph("本年无数据。")])
        #expect(document.lines.allSatisfy { !$0.isTableRow })
        let result = ReportChecker(readers: NianbaoReaders.all).check(bytes: Array(page.utf8), name: "a.html")
        #expect(result.source.kind == .html)
        #expect(!result.codes.contains(.unreadable))
    }

    @Test func publicationDateFromMetaOrVisibleLabel() throws {
        let variants: [(String, String?)] = [
            (#"<meta name="pubdate" content="2022/1/5 10:00:00">"#, "2022-01-05"),
            (#"<meta name="发布日期" content="2022年1月13日">"#, "2022-01-13"),
            (#"<meta property="article:published_time" content="2021-12-31T08:00:00+08:00">"#, "2021-12-31"),
            ("", nil),
        ]
        for (meta, date) in variants {
            let page = "<html><head>\(meta)</head><body><p>正文</p></body></html>"
            #expect(try reader.read(Array(page.utf8), name: "a.html").publishedMetadata == date, "\(meta)")
        }
        let labelled = "<html><body><div>发布日期：２０２２-01-20</div><p>正文</p></body></html>"
        #expect(try reader.read(Array(labelled.utf8), name: "a.html").publishedMetadata == "2022-01-20")
    }

    @Test func mislabelledCharsetFallsBack() throws {
        // Declared UTF-8 but written in GBK, as happens when a template is copied.
        let page = "<html><head><meta charset=\"utf-8\"></head><body><p>政府信息公开</p></body></html>"
        let gbk = try #require(CharsetConverter.fromUTF8(page, to: "GBK"))
        let document = try reader.read(gbk, name: "a.html")
        #expect(document.lines == [.paragraph("政府信息公开")])
        #expect(document.encoding == "gb18030")
    }

    @Test func undecodableBytesAreRefused() {
        // Invalid in UTF-8 and in GB18030 (0xFF is never a lead byte).
        let bytes: [UInt8] = Array("<html><body>".utf8) + [0xFF, 0xFF, 0x80] + Array("</body></html>".utf8)
        #expect(throws: ReaderFailures.unreadableHTML) { try reader.read(bytes, name: "a.html") }
    }
}

@Suite struct HTMLLayoutTests {
    let reader = HTMLReader()

    @Test func captionSingleColumnAndLongCellTablesAreText() throws {
        let long = String(repeating: "本机关认真贯彻落实政府信息公开条例。", count: 30)
        let page = """
            <html><body><div class="main">
            <table><tr><td><p>某某局2021年报告</p><p>一、总体情况</p></td></tr></table>
            <table border="1"><caption>二、主动公开政府信息情况</caption>
            <tr><th>信息内容</th><th>本年制发件数</th></tr><tr><td>规章</td><td>3</td></tr></table>
            <table><tr><td class="side"><a href="/">首页</a></td><td><p>\(long)</p><p>五、存在的主要问题</p></td></tr></table>
            </div></body></html>
            """
        let document = try reader.read(Array(page.utf8), name: "a.html")
        #expect(
            document.lines == [
                .paragraph("某某局2021年报告"), .paragraph("一、总体情况"), .paragraph("二、主动公开政府信息情况"),
                SourceLine(cells: ["信息内容", "本年制发件数"], isTableRow: true),
                SourceLine(cells: ["规章", "3"], isTableRow: true),
                .paragraph("首页"), .paragraph(long), .paragraph("五、存在的主要问题"),
            ])
    }

    @Test func concurrentReadsAgree() async throws {
        let html = HTMLWriter(charset: .gbk, publicationDate: "2022-01-13", pieceLength: 2).render(
            HTMLReaderTests.blocks)
        let docx = DocxWriter(runLength: 2).render(HTMLReaderTests.blocks)
        let expectedHTML = try HTMLReader().read(html, name: "a.html")
        let expectedDocx = try DocxReader().read(docx, name: "a.docx")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    index % 2 == 0
                        ? try HTMLReader().read(html, name: "a.html") == expectedHTML
                        : try DocxReader().read(docx, name: "a.docx") == expectedDocx
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}

@Suite struct HTMLHostileInputTests {
    /// libxml2 stops a tree at 256 levels, which keeps the recursive walks safe; the page is read
    /// as far as it could be parsed.
    @Test func deeplyNestedMarkupDoesNotExhaustTheStack() throws {
        let depth = 200_000
        let page =
            "<html><body><p>正文</p>" + String(repeating: "<div><span>", count: depth) + "深处"
            + String(repeating: "</span></div>", count: depth) + "</body></html>"
        let clock = ContinuousClock()
        var lines: [SourceLine] = []
        let elapsed = try clock.measure { lines = try HTMLReader().read(Array(page.utf8), name: "deep.html").lines }
        #expect(lines.contains(.paragraph("正文")))
        #expect(elapsed < .seconds(10))
    }

    @Test func rowspanAmplificationIsBounded() throws {
        // Row k repeats the k - 1 rows' 100 covered places: 100 rows would give 500,000 cells.
        let row = "<tr>" + String(repeating: "<td rowspan=\"9999\">1</td>", count: 100) + "</tr>"
        let page = "<html><body><table>" + String(repeating: row, count: 100) + "</table></body></html>"
        let reader = HTMLReader(limits: ReaderLimits(maxTableCells: 100_000))
        let clock = ContinuousClock()
        var caught: ReadFailure?
        let elapsed = clock.measure {
            do throws(ReadFailure) {
                _ = try reader.read(Array(page.utf8), name: "wide.html")
            } catch {
                caught = error
            }
        }
        #expect(caught == ReaderFailures.tooManyCells(limit: 100_000))
        #expect(caught?.code == .tooLarge)
        #expect(elapsed < .seconds(5))
    }
}
