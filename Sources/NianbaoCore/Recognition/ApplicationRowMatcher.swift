/// Recognises the row labels of table 三 in their real-world variants (OCR, brackets, wrapping).
enum ApplicationRowMatcher {
    /// Distinctive fragments (key form) of each row's label, most specific first.
    static let patterns: [(row: ApplicationRow, fragments: [String])] = [
        (.new, ["本年新收"]),
        (.carriedOver, ["上年结转"]),
        (.carriedForward, ["结转下年"]),
        (.granted, ["予以公开"]),
        (.partiallyGranted, ["部分公开"]),
        (.withheld1, ["国家秘密"]),
        (.withheld2, ["禁止公开", "其他法律行政法规"]),
        (.withheld3, ["三安全一稳定", "危及三安全", "危及"]),
        (.withheld4, ["第三方合法权益", "保护第三方"]),
        (.withheld5, ["内部事务", "三类内部"]),
        (.withheld6, ["过程性信息", "四类过程"]),
        (.withheld7, ["执法案卷", "行政执法案"]),
        (.withheld8, ["查询事项", "行政查询"]),
        (.unable1, ["不掌握"]),
        (.unable2, ["另行制作", "没有现成信息"]),
        (.unable3, ["仍不明确", "补正后申请内容"]),
        (.notProcessed1, ["信访举报投诉", "信访举报"]),
        (.notProcessed2, ["重复申请"]),
        (.notProcessed3, ["公开出版物", "出版物", "提供公开出"]),
        (.notProcessed4, ["大量反复"]),
        (.notProcessed5, ["确认或重新出具", "重新出具", "要求行政机关确认", "确认或重新"]),
        (.other1, ["逾期不补正", "无正当理由逾期"]),
        (.other2, ["收费通知", "缴纳费用", "逾期未按收费", "未按收费"]),
    ]

    /// Words of the table's column headings: values after them are header noise, not a row's.
    static let headingWords = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益", "法律服务", "勾稽关系", "法人或其他组织",
                               "企业", "机构", "组织"]

    static let headingSet = FragmentSet(headingWords)

    /// Whether text, given in key form, reads as the table's column headings.
    static func isHeading(key: String) -> Bool { headingSet.containsAny(in: key) }

    /// Every fragment of ``patterns`` in one index, then 不予以公开 (which rules out 予以公开).
    /// Kept apart from ``patterns`` and in separate constants, so that a match reads them in place:
    /// walking ``patterns`` copied each row's list of fragments (a retain and a release for every
    /// row, for every label matched).
    static let fragmentSet = FragmentSet(patterns.flatMap(\.fragments) + ["不予以公开"])
    /// For row `i` of ``patterns``, the ids of its fragments in ``fragmentSet``: `fragmentEnds[i - 1]..<fragmentEnds[i]`.
    private static let fragmentEnds: [Int] = {
        var ends: [Int] = []
        var end = 0
        for pattern in patterns {
            end += pattern.fragments.count
            ends.append(end)
        }
        return ends
    }()
    /// The rows of ``patterns``, in order.
    private static let patternRows: [ApplicationRow] = patterns.map(\.row)
    /// The id of 不予以公开 in ``fragmentSet``: the one after the last row's fragments.
    private static let notGrantedID = fragmentEnds.last!

    /// Whether a label cell begins with an item ordinal (`1.属于国家`, `2.`, `(二) 部分`, `（七`,
    /// `(七)`, `一、本年`, OCR's `(-) 予以`, `_,上年`): the start of a row's label, perhaps cut
    /// short by a wrap, not the wrapped end of the row above. (A group's ordinal printed beside a
    /// wrapped row, seed 001's `(四)` before `息`, is not the label cell: the cell after it is.)
    static func beginsRow(_ labelCell: String) -> Bool {
        let scalars = Array(labelCell.unicodeScalars.drop { $0 == " " || $0 == "\t" })
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
        guard let first = scalars.first else { return false }
        if isDigit(first) {
            var index = 0
            while index < scalars.count, index < 2, isDigit(scalars[index]) { index += 1 }
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, [".", "、", "．"].contains(scalars[index]) else { return false }
            return index + 1 == scalars.count || !isDigit(scalars[index + 1])
        }
        if first == "(" || first == "（" {
            guard let close = scalars.prefix(5).firstIndex(where: { $0 == ")" || $0 == "）" }) else {
                // Cut inside the ordinal: `（七`.
                return scalars.count <= 3
            }
            return close >= 2
        }
        if ordinalNumerals.contains(first) || first == "_" {
            var index = 1
            if index < scalars.count, ordinalNumerals.contains(scalars[index]) { index += 1 }
            while index < scalars.count, scalars[index] == " " { index += 1 }
            return index < scalars.count && ["、", ",", "，"].contains(scalars[index])
        }
        return false
    }

    /// Whether text, given in key form, is the wrapped end of the 结转下年度继续办理 label
    /// (`度继续办理`, `继续办理`).
    static func continuesCarriedForward(key: String) -> Bool {
        key.scalarCount >= 2 && "结转下年度继续办理".hasSuffix(key)
    }

    /// Whether text, given in key form, holds the group label 其他处理 followed by a sub-item
    /// ordinal (`其他处理1.申请人`).
    static func hasSubItemAfterGroup(key: String) -> Bool {
        guard let offset = key.byteOffset(of: "其他处理") else { return false }
        let after = key.utf8.dropFirst(offset + "其他处理".utf8.count).first
        return after.map { $0 >= 0x31 && $0 <= 0x33 } ?? false
    }

    /// The key form of each row's template label (``ApplicationRow/label``), by row.
    private static let templateKeys: ApplicationRowMap<String> = {
        var keys = ApplicationRowMap<String>()
        for row in ApplicationRow.allCases { keys[row] = TextNormalizer.key(row.label) }
        return keys
    }()

    /// Whether `key` (a label cell in key form, two characters at least and no heading) is how the
    /// template label of `row` ends, without being all of it: the rest of that row's label, whose
    /// first part is on an earlier line.
    static func endsTemplateLabel(of row: ApplicationRow, key: String) -> Bool {
        guard key.scalarCount >= 2, !isHeading(key: key), let template = templateKeys[row] else { return false }
        return template.utf8.count > key.utf8.count && template.endsWithBytes(key)
    }

    private static let ordinalNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// Length of the longest template label in key form; prose is longer.
    static let maxLabelKeyLength = 48

    /// The row `text` labels, or `nil`.
    /// - Parameters:
    ///   - text: the label text (key form is computed here).
    ///   - previous: the row read last, which disambiguates a bare `其他`.
    static func match(_ text: String, previous: ApplicationRow?) -> ApplicationRow? {
        match(key: TextNormalizer.key(text), previous: previous)
    }

    /// ``match(_:previous:)`` given the label's key form.
    static func match(key: String, previous: ApplicationRow?) -> ApplicationRow? {
        var key = key
        guard !key.isEmpty else { return nil }
        // Text run together with the headings before it (web pages): the label is at the end.
        if key.scalarCount > maxLabelKeyLength + 30 { key = String(key.unicodeScalars.suffix(maxLabelKeyLength)) }
        let bestRow: ApplicationRow? = key.withUTF8 { utf8 in
            fragmentSet.withFirstOffsets(in: utf8) { offsets in
                patternRows.withUnsafeBufferPointer { rows in
                    fragmentEnds.withUnsafeBufferPointer { ends in
                        // Each row at the first of its fragments (in the order listed) that occurs;
                        // the row whose fragment occurs first wins (the earlier row on a tie).
                        var best: (row: ApplicationRow, position: Int)? = nil
                        var id = 0
                        for patternIndex in 0..<rows.count {
                            let end = ends[patternIndex]
                            defer { id = end }
                            while id < end {
                                let position = offsets[id]
                                id += 1
                                guard position >= 0 else { continue }
                                if rows[patternIndex] == .granted && offsets[notGrantedID] >= 0 { continue }
                                if best == nil || position < best!.position { best = (rows[patternIndex], position) }
                                break
                            }
                        }
                        return best?.row
                    }
                }
            }
        }
        if let bestRow { return bestRow }
        if key.has("3其他") || (key.equalsBytes("其他") && (previous == .other2 || previous == .other1)) { return .other3 }
        if key.has("其他处理") { return .other }
        if key.endsWithBytes("七总计") || key.equalsBytes("总计") || key.endsWithBytes("七合计") || key.equalsBytes("合计") {
            return key.scalarCount <= 8 ? .total : nil
        }
        return nil
    }
}

/// Recognises the row labels and column headings of table 二.
enum ProactiveRowMatcher {
    /// The item `text` labels (in either format), or `nil`.
    static func match(_ text: String) -> String? { match(key: TextNormalizer.key(text)) }

    /// The item a label labels, given the label's key form.
    static func match(key: String) -> String? {
        guard !key.isEmpty else { return nil }
        if key.endsWithBytes("行政规范性文件") || key.endsWithBytes("规范性文件") { return "normative_documents" }
        if key.endsWithBytes("规章") { return "regulations" }
        if key.endsWithBytes("其他对外管理服务事项") || key.endsWithBytes("对外管理服务事项") { return "other_services" }
        if key.endsWithBytes("行政许可") { return "licensing" }
        if key.endsWithBytes("行政处罚") { return "penalty" }
        if key.endsWithBytes("行政强制") { return "enforcement" }
        if key.endsWithBytes("行政事业性收费") { return "fees" }
        if key.endsWithBytes("政府集中采购") { return "procurement" }
        return nil
    }

    /// Whether text, given in key form, holds a word of table 二's headings: values after them are
    /// header noise.
    static func isHeading(key: String) -> Bool { headingSet.containsAny(in: key) }

    private static let headingSet = FragmentSet(["信息内容", "数量", "金额", "件数", "第二十条"])

    /// Column headings and block markers that only the 2019 format has.
    static let markers2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减", "采购项目数量",
                              "采购总金额", "第二十条第九项", "其他对外管理服务事项", "政府集中采购"]
    /// Column headings that only the 2021 format has.
    static let markers2021 = ["本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量"]
    /// ``markers2019`` followed by ``markers2021``, searched for in one pass.
    static let markerSet = FragmentSet(markers2019 + markers2021)
}
