import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

/// Hostile and broken `.docx` files: each is refused with its own reason, quickly.
@Suite struct DocxHostileInputTests {
    let reader = DocxReader()

    private func attempt(_ bytes: [UInt8], reader: DocxReader = DocxReader()) -> (ReadFailure?, Duration) {
        let clock = ContinuousClock()
        var caught: ReadFailure?
        let elapsed = clock.measure {
            do throws(ReadFailure) {
                _ = try reader.read(bytes, name: "hostile.docx")
            } catch {
                caught = error
            }
        }
        return (caught, elapsed)
    }

    static let contentTypes = ("[Content_Types].xml", Data("<Types/>".utf8))

    @Test func zipBombIsRefusedByItsRatio() {
        // 64 MiB of spaces deflate to about 64 KiB: a ratio near 1000:1.
        let bomb = Data(repeating: 0x20, count: 64 << 20)
        let bytes = DocxWriter.zip([Self.contentTypes, ("word/document.xml", bomb)])
        #expect(bytes.count < 1 << 20)
        let (failure, elapsed) = attempt(bytes)
        let caught = failure
        #expect(caught?.code == .unreadable)
        #expect(caught?.zh.contains("压缩炸弹") == true)
        #expect(caught?.zh.contains("word/document.xml") == true)
        #expect(elapsed < .seconds(2))
    }

    @Test func zipBombWithUnderstatedSizesIsStoppedWhileUnpacking() throws {
        let bomb = Data(repeating: 0x20, count: 8 << 20)
        var bytes = DocxWriter.zip([("word/document.xml", bomb)])
        // Rewrite the declared uncompressed size (local header offset 22, central directory offset 24).
        let declared: [UInt8] = [0x00, 0x10, 0x00, 0x00]  // 4096 bytes
        bytes.replaceSubrange(22..<26, with: declared)
        let central = try #require(Self.find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes.replaceSubrange(central + 24..<central + 28, with: declared)
        let (failure, elapsed) = attempt(bytes)
        let caught = try #require(failure)
        // Either the unpacked bytes betray the ratio, or the stream does not match its header.
        #expect(
            caught == ReaderFailures.zipBomb(entry: "word/document.xml", ratio: caught.zh.ratioValue, limit: 200)
                || caught == ReaderFailures.corruptZip, "\(caught.zh)")
        #expect(elapsed < .seconds(2))
    }

    @Test func entryLargerThanTheLimitIsRefused() {
        let limits = ReaderLimits(maxEntryBytes: 1000, maxCompressionRatio: 1_000_000)
        let blocks: [DocBlock] = (0..<100).map { .paragraph("第\($0)段：本年新收政府信息公开申请数量") }
        let (failure, _) = attempt(DocxWriter().render(blocks), reader: DocxReader(limits: limits))
        #expect(failure == ReaderFailures.entryTooLarge(entry: "word/document.xml", limit: 1000))
        #expect(failure?.code == .tooLarge)
    }

    @Test func totalUnpackedSizeIsLimited() {
        let limits = ReaderLimits(maxTotalUnpackedBytes: 100_000, maxCompressionRatio: 1_000_000)
        let bytes = DocxWriter.zip([
            ("word/document.xml", Data("<w:document/>".utf8)), ("word/media/image1.png", Data(count: 200_000)),
        ])
        let (failure, _) = attempt(bytes, reader: DocxReader(limits: limits))
        #expect(failure?.code == .tooLarge)
        #expect(failure?.zh.contains("解压后共") == true)
    }

    @Test func tooManyEntriesAreRefused() {
        let entries = (0..<12).map { ("word/part\($0).xml", Data("<x/>".utf8)) }
        let (failure, _) = attempt(DocxWriter.zip(entries), reader: DocxReader(limits: ReaderLimits(maxEntries: 10)))
        #expect(failure == ReaderFailures.tooManyEntries(limit: 10))
    }

    @Test func billionLaughsIsRefusedFast() {
        var xml = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        xml +=
            #"]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
            + "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        let bytes = DocxWriter.zip([Self.contentTypes, ("word/document.xml", Data(xml.utf8))])
        let (failure, elapsed) = attempt(bytes)
        #expect(failure == ReaderFailures.xmlBomb)
        #expect(elapsed < .seconds(1))
    }

    @Test func externalEntityInUTF16IsRefused() {
        let xml =
            #"<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#
            + "<d>&x;</d>"
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let (failure, _) = attempt(DocxWriter.zip([("word/document.xml", Data(utf16))]))
        #expect(failure == ReaderFailures.xmlBomb)
    }

    @Test func zipWithoutDocumentXMLIsNotAWordDocument() {
        let (failure, _) = attempt(DocxWriter.zip([Self.contentTypes, ("word/styles.xml", Data("<x/>".utf8))]))
        #expect(failure == ReaderFailures.missingDocumentXML(hint: "缺少正文的Word文档"))
        #expect(failure?.zh.contains("word/document.xml") == true)
        let (spreadsheet, _) = attempt(DocxWriter.zip([("xl/workbook.xml", Data("<x/>".utf8))]))
        #expect(spreadsheet?.zh.contains("Excel") == true)
        #expect(spreadsheet?.code == .unsupportedType)
    }

    @Test func truncatedZipIsDamaged() {
        let bytes = DocxWriter().render([.paragraph("报告")])
        let (failure, _) = attempt(Array(bytes.prefix(bytes.count / 2)))
        #expect(failure == ReaderFailures.corruptZip)
    }

    /// ZIPFoundation's in-memory reader trapped on these (weichsel/ZIPFoundation#394): the
    /// central directory, or the document's local header, placed past the end of the file.
    @Test(arguments: [(16, "directory offset in the end record"), (42, "local header offset in the directory")])
    func offsetsPastTheEndAreDamagedNotACrash(field: Int, what: String) throws {
        var bytes = DocxWriter().render([.paragraph("报告")])
        let at: Int
        if field == 16 {
            at = try #require(Self.find([0x50, 0x4B, 0x05, 0x06], in: bytes), "\(what)")
        } else {
            // The directory entry of word/document.xml: 46 bytes before its name's last occurrence.
            let name = Array("word/document.xml".utf8)
            let last = try #require((0...(bytes.count - name.count)).last { Array(bytes[$0..<$0 + name.count]) == name })
            at = last - 46
            #expect(Array(bytes[at..<at + 4]) == [0x50, 0x4B, 0x01, 0x02])
        }
        for (index, byte) in [UInt8(0x00), 0xFF, 0xFF, 0x7F].enumerated() { bytes[at + field + index] = byte }
        let (failure, _) = attempt(bytes)
        #expect(failure == ReaderFailures.corruptZip, "\(what)")
    }

    @Test func deeplyNestedXMLIsRefusedAsDamaged() {
        let depth = 100_000
        let xml =
            #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
            + String(repeating: "<w:sdt>", count: depth) + String(repeating: "</w:sdt>", count: depth) + "</w:document>"
        let lenient = DocxReader(limits: ReaderLimits(maxCompressionRatio: 100_000))
        let (failure, elapsed) = attempt(DocxWriter.zip([("word/document.xml", Data(xml.utf8))]), reader: lenient)
        #expect(failure == ReaderFailures.malformedXML)
        #expect(elapsed < .seconds(5))
    }

    @Test func malformedXMLIsDamaged() {
        let bytes = DocxWriter.zip([("word/document.xml", Data("<w:document><w:body><w:p>".utf8))])
        let (failure, _) = attempt(bytes)
        #expect(failure == ReaderFailures.malformedXML)
    }

    @Test func checkerRejectsEachHostileFileAndGoesOn() {
        let checker = ReportChecker(readers: NianbaoReaders.all)
        let bomb = DocxWriter.zip([("word/document.xml", Data(repeating: 0x20, count: 16 << 20))])
        let noDocument = DocxWriter.zip([Self.contentTypes])
        let good = DocxWriter().render([.paragraph("报告"), .table([[DocCell("1")]])])
        let results = [bomb, noDocument, good].map { checker.check(bytes: $0, name: "x.docx") }
        #expect(results[0].verdict == .rejected && results[0].codes == [.unreadable])
        #expect(results[1].verdict == .rejected && results[1].codes == [.unsupportedType])
        #expect(results[0].findings.first?.messageZh != results[1].findings.first?.messageZh)
        #expect(!results[2].codes.contains(.unreadable))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...haystack.count - needle.count).first { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}

extension String {
    /// The number before `:1` in a zip-bomb reason (`压缩比约为1234:1`), for comparing reasons.
    fileprivate var ratioValue: Int {
        guard let range = range(of: "压缩比约为") else { return -1 }
        return Int(self[range.upperBound...].prefix { $0.isNumber }) ?? -1
    }
}
