@testable import NianbaoCore
import Testing

/// The labels of table 三: which row a label names.
@Suite("Table 三 row labels")
struct ApplicationRowMatcherTests {
    /// ``ApplicationRowMatcher/match(key:previous:)``'s choice among the fragments as it was written
    /// until stop 24 (walking ``ApplicationRowMatcher/patterns`` and searching each fragment): the
    /// reference the indexed search must agree with.
    static func referenceFragmentRow(_ key: String) -> ApplicationRow? {
        var best: (row: ApplicationRow, position: Int)? = nil
        let notGranted = key.byteOffset(of: "不予以公开") != nil
        for (row, fragments) in ApplicationRowMatcher.patterns {
            for fragment in fragments {
                guard let position = firstCharacterOffset(of: fragment, in: key) else { continue }
                if row == .granted && notGranted { continue }
                if best == nil || position < best!.position { best = (row, position) }
                break
            }
        }
        return best?.row
    }

    /// The byte offset of the first occurrence of `fragment` in `key` (both valid UTF-8, so every
    /// occurrence starts at a character).
    static func firstCharacterOffset(of fragment: String, in key: String) -> Int? { key.byteOffset(of: fragment) }

    @Test("the row a label names agrees with the fragment-by-fragment reference on 50,000 random labels")
    func indexedSearchAgreesWithReference() {
        // Every fragment, their pieces and neighbours, words of other rows, noise; `previous`
        // varies, since a bare 其他 depends on it.
        var pieces = ApplicationRowMatcher.patterns.flatMap(\.fragments)
        pieces += ["不予以公开", "予以", "公开", "不予", "其他", "其他处理", "3其他", "七总计", "总计", "合计", "本年", "申请", "的", "1", "（", "）", "a"]
        let rows: [ApplicationRow?] = [nil, .other1, .other2, .granted, .new]
        var random = SystemRandomNumberGenerator()
        var named = 0
        var contested = 0
        for _ in 0..<50_000 {
            let parts = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let key = parts.joined()
            let previous = rows.randomElement(using: &random)!
            let reference = Self.referenceFragmentRow(key)
            let matched = ApplicationRowMatcher.match(key: key, previous: previous)
            if let reference {
                named += 1
                if Set(parts.compactMap { part in ApplicationRowMatcher.patterns.first { $0.fragments.contains(part) }?.row }).count > 1 {
                    contested += 1
                }
                // Keys too long for a label are cut to their end first; these are all short.
                #expect(matched == reference, "for \(key)")
            } else {
                // No fragment: the fallbacks (其他, 其他处理, 总计), never a fragment's row.
                #expect(matched == nil || [.other, .other3, .total].contains(matched!), "for \(key)")
            }
        }
        // Labels naming rows, and labels holding several rows' fragments, were both frequent.
        #expect(named > 30_000 && contested > 10_000, "\(named) named, \(contested) contested")
    }

    @Test("template labels and their real-world variants name their rows")
    func templateLabels() {
        #expect(ApplicationRowMatcher.match("一、本年新收政府信息公开申请数量", previous: nil) == .new)
        #expect(ApplicationRowMatcher.match("（一）予以公开", previous: .carriedOver) == .granted)
        #expect(ApplicationRowMatcher.match("（三）不予公开 1.属于国家秘密", previous: .partiallyGranted) == .withheld1)
        #expect(ApplicationRowMatcher.match("不予以公开", previous: nil) == nil)
        #expect(ApplicationRowMatcher.match("3.其他", previous: .other2) == .other3)
        #expect(ApplicationRowMatcher.match("其他", previous: .other2) == .other3)
        #expect(ApplicationRowMatcher.match("其他", previous: .new) == nil)
        #expect(ApplicationRowMatcher.match("（七）总计", previous: .other3) == .total)
        #expect(ApplicationRowMatcher.match("四、结转下年度继续办理", previous: .total) == .carriedForward)
    }
}
