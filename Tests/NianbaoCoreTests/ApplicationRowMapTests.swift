import NianbaoCore
import Testing

@Suite("Table 三 row map")
struct ApplicationRowMapTests {
    @Test("behaves like a dictionary keyed by row, iterating in template order")
    func behavesLikeADictionary() {
        var map = ApplicationRowMap<Int>()
        var dictionary: [ApplicationRow: Int] = [:]
        // A fixed pseudo-random sequence of sets, overwrites and removals over every row.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for step in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let row = ApplicationRow.allCases[Int(state >> 33) % ApplicationRow.allCases.count]
            let value: Int? = (state >> 20) % 4 == 0 ? nil : step
            map[row] = value
            dictionary[row] = value
            #expect(map.count == dictionary.count)
            #expect(map.isEmpty == dictionary.isEmpty)
            #expect(map[row] == dictionary[row])
        }
        for row in ApplicationRow.allCases { #expect(map[row] == dictionary[row], "row \(row)") }
        let order = ApplicationRow.allCases.filter { dictionary[$0] != nil }
        #expect(map.keys == order)
        #expect(map.map(\.key) == order)
        #expect(map.values == order.map { dictionary[$0]! })
    }

    @Test("default subscript, literals and equality")
    func defaultsAndLiterals() {
        var groups: ApplicationRowMap<[Int]> = [:]
        groups[.total, default: []] += [1]
        groups[.total, default: []] += [2]
        groups[.new, default: []].append(3)
        #expect(groups[.total] == [1, 2])
        #expect(groups.count == 2)
        #expect(groups == [.new: [3], .total: [1, 2]])
        #expect(groups != [.new: [3]])
        groups[.new] = nil
        #expect(groups.count == 1 && groups[.new] == nil)
        #expect(groups.description == "[total: [1, 2]]")
    }
}
