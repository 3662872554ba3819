import Foundation
@testable import NianbaoCore
import Testing

/// The report year stated in the text (`YYYY年`, most frequent, not part of a date).
@Suite("Metadata: the year stated in the text")
struct TextYearTests {
    /// The rule written out on an array of bytes, as it was before it read the bytes in place: the reference.
    static func referenceTextYear(_ text: String) -> Int? {
        if let range = text.range(of: "统计期限") {
            let tail = String(text[range.upperBound...].prefix(20))
            if let (year, _) = MetadataRecognizer.firstYear(in: tail) { return year }
        }
        var counts: [Int: Int] = [:]
        var order: [Int] = []
        let bytes = Array(text.utf8)
        func isDigit(_ position: Int) -> Bool { position >= 0 && position < bytes.count && (0x30...0x39).contains(bytes[position]) }
        func isNian(_ position: Int) -> Bool { position + 2 < bytes.count && Array(bytes[position..<position + 3]) == [0xE5, 0xB9, 0xB4] }
        var index = 0
        while index + 4 < bytes.count {
            guard (0..<4).allSatisfy({ isDigit(index + $0) }), !isDigit(index + 4), !isDigit(index - 1) else {
                index += 1
                continue
            }
            let year = Int(String(decoding: bytes[index..<index + 4], as: UTF8.self))!
            var cursor = index + 4
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            if (1990...2099).contains(year), isNian(cursor) {
                var next = cursor + 3
                while next < bytes.count, bytes[next] == 0x20 { next += 1 }
                if !isDigit(next) {
                    if counts[year] == nil { order.append(year) }
                    counts[year, default: 0] += 1
                }
            }
            index = cursor
        }
        guard let best = counts.values.max() else { return nil }
        return order.first { counts[$0] == best }
    }

    @Test("equals the reference on 20,000 random texts of years, dates, digits and Chinese")
    func agreesWithReference() {
        let pieces = [
            "2021年", "2020 年", "2019年", "2021年3月", "2021年 5", "1989年", "2100年", "20211年", "12021年", "2021", "年", "，",
            "本年度", "统计期限", "自", "1", "0", " ", "共收到申请6件", "2022年度",
            // Runs of eight bytes and more without a digit, which the scan skips a word at a time.
            "政府信息公开工作年度报告", "Annual report ", "：/:；",
        ]
        var random = RobustnessTests.Random(state: 20_261_207)
        var stated = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<random.below(20) { text += pieces[random.below(pieces.count)] }
            let expected = Self.referenceTextYear(text)
            #expect(MetadataRecognizer.textYear(text) == expected, "\(text)")
            if expected != nil { stated += 1 }
        }
        #expect(stated > 5_000)
    }

    @Test("the word test finds a digit at every position among every other byte value")
    func wordTest() {
        for filler in 0...255 {
            let fillerByte = UInt8(filler)
            var bytes = [UInt8](repeating: fillerByte, count: 8)
            let fillerIsDigit = fillerByte >= 0x30 && fillerByte <= 0x39
            #expect(bytes.withUnsafeBytes { UTF8Bytes.wordHoldsDigit($0.baseAddress!) } == fillerIsDigit, "filler \(filler)")
            for position in 0..<8 {
                for digit in [UInt8(0x30), 0x35, 0x39] {
                    bytes[position] = digit
                    #expect(bytes.withUnsafeBytes { UTF8Bytes.wordHoldsDigit($0.baseAddress!) }, "filler \(filler) position \(position)")
                }
                // The bytes next to the digits, `/` and `:`, are no digits.
                for neighbour in [UInt8(0x2F), 0x3A] where !fillerIsDigit {
                    bytes[position] = neighbour
                    #expect(!bytes.withUnsafeBytes { UTF8Bytes.wordHoldsDigit($0.baseAddress!) }, "filler \(filler) position \(position)")
                }
                bytes[position] = fillerByte
            }
        }
    }
}
