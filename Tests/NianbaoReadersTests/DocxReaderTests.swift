import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

@Suite struct DocxReaderTests {
    let reader = DocxReader()

    @Test func paragraphsAndMergedTableReadBackCellForCell() throws {
        let blocks: [DocBlock] = [
            .paragraph("某某局2021年政府信息公开工作年度报告"),
            .paragraph(""),
            .paragraph("一、总体情况\n（一）主动公开"),
            .paragraph("名称\t数量"),
            .table([
                [DocCell("信息内容", columnSpan: 2), DocCell("本年制发件数"), DocCell("现行有效件数")],
                [DocCell("规章", verticalMerge: .restart(rows: 2)), DocCell("A"), DocCell("12"), DocCell("")],
                [DocCell("", verticalMerge: .continue), DocCell("B"), DocCell(""), DocCell("1234567")],
                [DocCell("三、本年度办理结果\n（一）予以公开", columnSpan: 2), DocCell("0"), DocCell("0")],
            ]),
            .table([[DocCell("总计"), DocCell("13")]]),
        ]
        for runLength in [0, 1, 2, 3] {
            let bytes = DocxWriter(runLength: runLength).render(blocks)
            let document = try reader.read(bytes, name: "report.docx")
            #expect(document.kind == .docx)
            #expect(
                document.lines == [
                    .paragraph("某某局2021年政府信息公开工作年度报告"),
                    .paragraph("一、总体情况\n（一）主动公开"),
                    .paragraph("名称\t数量"),
                    SourceLine(cells: ["信息内容", "本年制发件数", "现行有效件数"], isTableRow: true),
                    SourceLine(cells: ["规章", "A", "12", ""], isTableRow: true),
                    SourceLine(cells: ["", "B", "", "1234567"], isTableRow: true),
                    SourceLine(cells: ["三、本年度办理结果\n（一）予以公开", "0", "0"], isTableRow: true),
                    SourceLine(cells: ["总计", "13"], isTableRow: true),
                ], "run length \(runLength)")
        }
    }

    @Test func numberSplitOverRunsIsOneCell() throws {
        let xml = DocxWriter(runLength: 1).documentXML([.table([[DocCell("1234567")]])])
        #expect(xml.components(separatedBy: "<w:r>").count - 1 == 7)
        let document = try reader.read(
            DocxWriter(runLength: 1).render([.table([[DocCell("1234567")]])]), name: "a.docx")
        #expect(document.lines == [SourceLine(cells: ["1234567"], isTableRow: true)])
    }

    @Test func handWrittenWordMarkupIsLookedThrough() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
            <w:p><w:r><w:t>报告</w:t></w:r><w:del><w:r><w:delText>删除的</w:delText></w:r></w:del>\
            <w:ins><w:r><w:t>正文</w:t></w:r></w:ins><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
            <w:r><w:t xml:space="preserve"> 1 </w:t></w:r></w:p>
            <w:sdt><w:sdtContent><w:p><w:r><w:t>内容控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>外层</w:t></w:r></w:p><w:tbl><w:tr>\
            <w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc>\
            </w:tr></w:tbl></w:tc></w:tr></w:tbl>
            <w:tbl><w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>横向</w:t></w:r></w:p></w:tc>\
            <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>\
            <w:sdt><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>6</w:t></w:r></w:p></w:tc></w:tr>\
            </w:sdtContent></w:sdt></w:tbl>
            <w:sectPr/></w:body></w:document>
            """
        let bytes = DocxWriter.zip([("word/document.xml", Data(xml.utf8))])
        let document = try reader.read(bytes, name: "hand.docx")
        #expect(
            document.lines == [
                .paragraph("报告正文链接 1"),
                .paragraph("内容控件中的段落"),
                .paragraph("外层"),
                SourceLine(cells: ["内", "7"], isTableRow: true),
                SourceLine(cells: ["横向", "3"], isTableRow: true),
                SourceLine(cells: ["4", "5\n6"], isTableRow: true),
            ])
    }

    @Test func twoHundredFiftyRandomDocumentsReadBackExactly() throws {
        var random = SeededGenerator(seed: 0x6E69_616E_6261_6F01)
        var tableRows = 0
        var merged = 0
        for index in 0..<250 {
            let blocks = RandomDocuments.document(using: &random)
            let runLength = Int.random(in: 0...3, using: &random)
            let bytes = DocxWriter(runLength: runLength).render(blocks)
            let document = try reader.read(bytes, name: "random-\(index).docx")
            let expected = RandomDocuments.expectedDocxLines(blocks)
            #expect(document.lines == expected, "document \(index), run length \(runLength)")
            if document.lines != expected { break }
            tableRows += expected.filter(\.isTableRow).count
            merged += blocks.reduce(0) { count, block in
                guard case .table(let rows) = block else { return count }
                return count + rows.joined().filter { $0.columnSpan > 1 || $0.verticalMerge != .none }.count
            }
        }
        // The generator must really exercise merges.
        #expect(tableRows > 1000)
        #expect(merged > 500)
    }

    @Test func readsThroughReportChecker() throws {
        let bytes = DocxWriter(runLength: 2).render([.paragraph("报告"), .table([[DocCell("1"), DocCell("2")]])])
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let result = checker.check(bytes: bytes, name: "报告.docx")
        #expect(result.source.kind == .docx)
        #expect(!result.codes.contains(.unreadable) && !result.codes.contains(.unsupportedType))
    }
}

@Suite struct DocxPackageTests {
    @Test func mainPartIsFoundThroughRelationships() throws {
        let document = DocxWriter(runLength: 1).documentXML([.paragraph("正文"), .table([[DocCell("1"), DocCell("")]])])
        let rels = """
            <?xml version="1.0" encoding="UTF-8"?><Relationships \
            xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" \
            Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="/word/document2.xml"/></Relationships>
            """
        let bytes = DocxWriter.zip([("_rels/.rels", Data(rels.utf8)), ("word/document2.xml", Data(document.utf8))])
        let read = try DocxReader().read(bytes, name: "a.docx")
        #expect(read.lines == [.paragraph("正文"), SourceLine(cells: ["1", ""], isTableRow: true)])
    }
}
