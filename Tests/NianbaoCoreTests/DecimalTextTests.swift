import Foundation
@testable import NianbaoCore
import Testing

/// ``DecimalText`` keeps an amount exactly as written, inline; what does not fit is not read.
@Suite("Decimal amounts kept as written")
struct DecimalTextTests {
    @Test("every ASCII text of up to 23 characters comes back as written, equal and hashed by its text")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-".utf8)
        var seen: [String: DecimalText] = [:]
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...DecimalText.capacity, using: &generator)
            let text = String(decoding: (0..<count).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            let decimal = try #require(DecimalText(text))
            #expect(decimal.text == text)
            #expect(decimal.count == count)
            #expect(decimal.isNegative == text.hasPrefix("-"))
            if let earlier = seen[text] {
                #expect(earlier == decimal)
                #expect(earlier.hashValue == decimal.hashValue)
            }
            seen[text] = decimal
        }
        // Texts that differ in any one place, or only in length, differ.
        let base = "12345678901234567890.12"
        for index in base.indices {
            var changed = base
            changed.replaceSubrange(index...index, with: base[index] == "0" ? "1" : "0")
            #expect(DecimalText(changed) != DecimalText(base))
        }
        #expect(DecimalText("1.50") != DecimalText("1.5"))
        #expect(DecimalText("") != DecimalText("0"))
    }

    @Test("a sign and a fraction join the digits; longer or non-ASCII text is refused")
    func parts() {
        #expect(DecimalText(negative: true, digits: "12", fraction: ".50")?.text == "-12.50")
        #expect(DecimalText(negative: false, digits: "0.4216")?.text == "0.4216")
        #expect(DecimalText(Int.min).text == String(Int.min))
        #expect(DecimalText(String(repeating: "9", count: 24)) == nil)
        #expect(DecimalText(negative: true, digits: String(repeating: "9", count: 20), fraction: ".12") == nil)
        #expect(DecimalText(negative: true, digits: String(repeating: "9", count: 19), fraction: ".12")?.count == 23)
        let fullWidth = "１２.５"
        #expect(DecimalText(fullWidth) == nil)
    }

    @Test("an amount too long to hold is reported missing, never shortened")
    func overlongAmountInAReport() throws {
        let fees = "行政事业性收费                        2                                  -1"
        let fits = "政府集中采购                          7                   12345678901234567890.1"
        let tooLong = "政府集中采购                          7                   12345678901234567890.123"
        let read = try #require(SpannedCellTests.proactive(SpannedCellTests.report(fees: fees, procurement: fits)))
        #expect(read["procurement", "amount"] == .decimal("12345678901234567890.1"))
        let bytes = SpannedCellTests.report(fees: fees, procurement: tooLong)
        let result = ReportChecker().check(bytes: bytes, name: "long.txt")
        let table = try #require(result.report?.proactive)
        #expect(table["procurement", "amount"] == nil)
        #expect(table["procurement", "items"] == .integer(7))
        #expect(result.findings.contains { $0.location?.hasPrefix("二/procurement") == true })
    }
}
