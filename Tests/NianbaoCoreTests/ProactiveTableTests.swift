@testable import NianbaoCore
import Testing

/// Table 二 holds its values in the layout's order; what it answers must be what the nested
/// dictionaries it replaced answered.
@Suite("ProactiveTable")
struct ProactiveTableTests {
    /// The representation the table had: item → field → value, every layout field present.
    struct Reference {
        var values: [String: [String: CellValue?]]

        init(format: FormatVersion) {
            values = [:]
            for item in ProactiveLayout.items(for: format) {
                var fields: [String: CellValue?] = [:]
                for field in item.fields { fields[field.key] = .some(nil) }
                values[item.key] = fields
            }
        }

        subscript(item: String, field: String) -> CellValue? {
            get { values[item]?[field] ?? nil }
            set { values[item, default: [:]][field] = .some(newValue) }
        }
    }

    @Test("10,000 random writes and reads, layout keys and others, in both formats, agree with the dictionaries")
    func agreesWithNestedDictionaries() {
        var random = SystemRandomNumberGenerator()
        let items = Set(ProactiveLayout.items2019.map(\.key) + ProactiveLayout.items2021.map(\.key)) .sorted() + ["unknown"]
        let fields = Set((ProactiveLayout.items2019 + ProactiveLayout.items2021).flatMap { $0.fields.map(\.key) }).sorted() + ["other"]
        let values: [CellValue?] = [nil, .integer(0), .integer(7), .integer(-3), .decimal("12.50"), .decimal("-0.5")]
        for round in 0..<10_000 {
            let format: FormatVersion = round % 2 == 0 ? .v2021 : .v2019
            var table = ProactiveTable(format: format)
            var reference = Reference(format: format)
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let item = items.randomElement(using: &random)!
                let field = fields.randomElement(using: &random)!
                let value = values.randomElement(using: &random)!
                table[item, field] = value
                reference[item, field] = value
            }
            for item in items {
                for field in fields { #expect(table[item, field] == reference[item, field], "\(format) \(item) \(field)") }
            }
            #expect(table.values == reference.values)
            // Set through `values`, the table is the same table.
            var copy = ProactiveTable(format: format)
            copy.values = reference.values
            #expect(copy == table)
            #expect(copy.hashValue == table.hashValue)
        }
    }

    @Test("tables differ when a value, the format or a unit differs")
    func equality() {
        var a = ProactiveTable(format: .v2021)
        var b = ProactiveTable(format: .v2021)
        #expect(a == b)
        a["licensing", "decisions"] = .integer(3)
        #expect(a != b)
        b["licensing", "decisions"] = .integer(3)
        #expect(a == b)
        b.amountUnits["fees"] = "元"
        #expect(a != b)
        #expect(ProactiveTable(format: .v2019) != ProactiveTable(format: .v2021))
        // Every field of each layout has its own place.
        for format in [FormatVersion.v2019, .v2021] {
            var table = ProactiveTable(format: format)
            var written = 0
            for item in ProactiveLayout.items(for: format) {
                for field in item.fields {
                    written += 1
                    table[item.key, field.key] = .integer(written)
                }
            }
            var expected = 0
            for item in ProactiveLayout.items(for: format) {
                for field in item.fields {
                    expected += 1
                    #expect(table[item.key, field.key] == .integer(expected))
                }
            }
        }
    }
}
