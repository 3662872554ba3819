/// The checks of `report-format.md` that need only the one report. They never throw: every
/// defect is a ``Finding`` with a message saying which table, row and column, and the numbers.
struct ReportChecks {
    let report: Report
    let evidence: RecognitionEvidence

    func run() -> [Finding] {
        var findings: [Finding] = []
        findings += legacyFormat()
        findings += sectionChecks()
        findings += metadataChecks()
        findings += formatVersion()
        if let table = report.applications { findings += applicationChecks(table) }
        if let table = report.reviewLitigation { findings += reviewChecks(table) }
        if let table = report.proactive { findings += proactiveChecks(table) }
        findings += sectionContentChecks()
        findings += TextCounts.mismatches(report)
        findings += latePublication()
        return findings
    }

    // MARK: - Structure

    private func legacyFormat() -> [Finding] {
        let legacyByYear = report.year.map { $0 < 2019 } ?? false
        let strongMarker = evidence.legacyHeadings.contains { !TextNormalizer.key($0).endsWithBytes("概述") }
        let overview = evidence.legacyHeadings.contains { TextNormalizer.key($0).endsWithBytes("概述") }
        guard legacyByYear || strongMarker || (overview && report.applications == nil) else { return [] }
        let what = legacyByYear ? "报告年度为\(report.year!)年" : "使用了“\(evidence.legacyHeadings.first ?? "")”等旧版标题"
        return [Finding(
            code: .legacyFormat, location: nil,
            zh: "这是2019年以前的旧版年度报告格式（\(what)）。请按国办公开办函〔2021〕30号的统一格式重新编制后提交。",
            en: "This is a pre-2019 report layout (\(legacyByYear ? "report year \(report.year!)" : "legacy headings")). Redo it in the current national format and submit again.")]
    }

    private func sectionChecks() -> [Finding] {
        var findings: [Finding] = []
        let present = Set(report.sections.map(\.number))
        for number in 1...6 where !present.contains(number) {
            let heading = "\(Section.ordinal(number))、\(Section.templateHeading(number))"
            let tableNote = (2...4).contains(number) ? "，也未找到该部分的表格" : ""
            findings.append(Finding(
                code: .sectionMissing, location: Section.ordinal(number),
                zh: "缺少第\(Section.ordinal(number))部分“\(heading)”\(tableNote)。请按统一格式补全六个部分后重新提交。",
                en: "Section \(number) (\(heading)) is missing\((2...4).contains(number) ? ", and so is its table" : ""). Add all six sections and submit again."))
        }
        for number in [2, 3, 4] where !present.contains(number) {
            findings.append(Finding(
                code: .tableMissing, location: Section.ordinal(number),
                zh: "未找到第\(Section.ordinal(number))部分的统计表格。请按统一格式填写该表。",
                en: "The table of section \(number) was not found. Fill in the table of the national format."))
        }
        for number in evidence.headingMissingWithTable {
            findings.append(Finding(
                code: .sectionHeadingMissing, location: Section.ordinal(number),
                zh: "第\(Section.ordinal(number))部分缺少标题“\(Section.ordinal(number))、\(Section.templateHeading(number))”（表格已找到，视为该部分存在）。请补上标题。",
                en: "Section \(number) has no heading (its table was found, so the section counts as present). Add the heading."))
        }
        let order = evidence.headingOrder
        if order != order.sorted() {
            findings.append(Finding(
                code: .sectionOrder, location: nil,
                zh: "各部分顺序与统一格式不符（实际顺序：\(order.map(Section.ordinal).joined(separator: "、"))）。请按一至六的顺序编排。",
                en: "Sections are out of order (\(order.map(String.init).joined(separator: ", "))). Put them in the order 1 to 6."))
        }
        for match in evidence.unusualHeadings {
            findings.append(Finding(
                code: .sectionOrder, location: Section.ordinal(match.number),
                zh: "第\(Section.ordinal(match.number))部分标题“\(match.heading)”与统一格式“\(Section.templateHeading(match.number))”不一致。请使用统一标题。",
                en: "The heading of section \(match.number) (\(match.heading)) differs from the national format's. Use the standard heading."))
        }
        return findings
    }

    private func metadataChecks() -> [Finding] {
        var findings: [Finding] = []
        if report.year == nil {
            findings.append(Finding(
                code: .yearUnknown, location: nil,
                zh: "无法确定报告年度：标题和正文中都没有写明年份。请在标题中写明，如“XX街道办事处2021年政府信息公开工作年度报告”。",
                en: "The report year cannot be found in the title or the text. State it in the title."))
        } else {
            var sources: [String] = []
            if let title = evidence.titleYear { sources.append("标题\(title)年") }
            if let text = evidence.textYear { sources.append("正文\(text)年") }
            let years = Set([evidence.titleYear, evidence.textYear].compactMap { $0 })
            if years.count > 1 {
                findings.append(Finding(
                    code: .yearConflict, location: nil,
                    zh: "报告年度前后不一致（\(sources.joined(separator: "，"))）。请核对年度。",
                    en: "The report year is inconsistent (title \(evidence.titleYear ?? 0), text \(evidence.textYear ?? 0)). Check the year."))
            } else if let year = report.year, let published = evidence.publishedYear, published < year {
                findings.append(Finding(
                    code: .yearConflict, location: nil,
                    zh: "落款日期（\(report.published ?? "")）早于报告年度\(year)年。请核对年度或落款日期。",
                    en: "The date on the report (\(report.published ?? "")) is before the report year \(year). Check both."))
            }
        }
        if report.organization == nil {
            findings.append(Finding(
                code: .orgUnknown, location: nil,
                zh: "无法确定报告机关：没有含机关名称的标题，也没有落款。请在标题或落款中写明机关全称。",
                en: "The reporting body cannot be identified: no title naming it and no signature. Name it in the title or signature."))
        }
        return findings
    }

    private func formatVersion() -> [Finding] {
        guard let year = report.year else { return [] }
        var findings: [Finding] = []
        let lenient = year <= 2019
        if let table = report.proactive, evidence.proactiveFormatFromHeadings {
            if table.format == .v2019 && year >= 2021 {
                let severity: Severity = lenient ? .warning : (year >= 2022 ? .error : .warning)
                findings.append(Finding(
                    code: .formatVersion, severity: severity, location: "二",
                    zh: "\(year)年度报告的第二部分表格使用了2019年旧版格式（本年新制作数量、上一年项目数量、第（九）项等）。请改用国办公开办函〔2021〕30号的新版表格（本年制发件数、本年废止件数、现行有效件数等）。",
                    en: "The \(year) report uses the 2019 layout of table 2. Use the 2021 layout (issued, repealed, in force …)."))
            } else if table.format == .v2021 && year <= 2020 {
                findings.append(Finding(
                    code: .formatVersion, severity: .warning, location: "二",
                    zh: "\(year)年度报告的第二部分表格使用了2021年新版格式，与该年度应使用的2019年格式不一致。请核对。",
                    en: "The \(year) report uses the 2021 layout of table 2, not the 2019 one of that year. Please check."))
            }
        }
        if let table = report.applications {
            if evidence.singleOtherRow && year >= 2021 {
                findings.append(Finding(
                    code: .formatVersion, severity: .warning, location: "三/other_3",
                    zh: "\(year)年度报告第三部分表格的“（六）其他处理”只有一行。新版格式应分为3个子项（逾期不补正、逾期未缴费、其他）。",
                    en: "Table 3 of the \(year) report has a single 'other handling' row; the 2021 layout splits it into three."))
            } else if table.format == .v2021 && !evidence.singleOtherRow && year <= 2020 && hasSubOtherRows(table) {
                findings.append(Finding(
                    code: .formatVersion, severity: .warning, location: "三/other_1",
                    zh: "\(year)年度报告第三部分表格使用了2021年新版的“（六）其他处理”子项，与该年度的格式不一致。请核对。",
                    en: "Table 3 of the \(year) report uses the 2021 sub-rows of 'other handling'. Please check."))
            }
        }
        return findings
    }

    private func hasSubOtherRows(_ table: ApplicationsTable) -> Bool {
        [ApplicationRow.other1, .other2, .other3].contains { row in table.rows[row]?.contains { $0 != nil } ?? false }
    }

    // MARK: - Table 三

    private func applicationChecks(_ table: ApplicationsTable) -> [Finding] {
        var findings: [Finding] = []
        let rows = ApplicationRow.rows(for: table.format)
        for row in rows {
            let values = table.rows[row] ?? []
            for (index, value) in values.enumerated() {
                guard let value, value < 0 else { continue }
                let column = ApplicantColumn(rawValue: index)!
                findings.append(Finding(
                    code: .negativeValue, location: "三/\(row.key)/\(column.key)",
                    zh: "第三部分表格“\(row.shortLabel)”一行的\(column.label)列为负数（\(value)）。申请件数不能为负，请更正。",
                    en: "Table 3, row \(row.key), \(column.englishLabel): negative count (\(value)). Correct it."))
            }
        }
        for cell in evidence.nonIntegerCells {
            findings.append(Finding(
                code: .negativeValue, location: "三/\(cell.row.key)/\(cell.column.key)",
                zh: "第三部分表格“\(cell.row.shortLabel)”一行的\(cell.column.label)列不是整数。申请件数应为非负整数，请更正。",
                en: "Table 3, row \(cell.row.key), \(cell.column.englishLabel): not a whole number. Counts are non-negative integers."))
        }
        // Per row: 总计 = sum of the six applicant columns.
        for row in rows {
            guard let values = table.rows[row], values.allSatisfy({ $0 != nil }) else { continue }
            let sum = values[0..<6].reduce(0) { $0 + $1! }
            let total = values[6]!
            guard sum != total else { continue }
            let parts = values[0..<6].map { String($0!) }.joined(separator: "+")
            findings.append(Finding(
                code: .t3TotalColumn, location: "三/\(row.key)/total",
                zh: "第三部分表格“\(row.shortLabel)”一行：各申请人数之和\(parts)=\(sum)，与总计列\(total)不符。请核对该行。",
                en: "Table 3, row \(row.key): the applicant columns sum to \(sum) (\(parts)) but the total column says \(total)."))
        }
        // Per column: （七）总计 = sum of the result rows; 勾稽关系.
        let resultRows = ApplicationRow.resultRows(for: table.format)
        for column in ApplicantColumn.allCases {
            let c = column.rawValue
            let results = resultRows.map { table.rows[$0]?[c] ?? nil }
            if let total = table.rows[.total]?[c] ?? nil, results.allSatisfy({ $0 != nil }) {
                let sum = results.reduce(0) { $0 + $1! }
                if sum != total {
                    findings.append(Finding(
                        code: .t3TotalRow, location: "三/total/\(column.key)",
                        zh: "第三部分表格\(column.label)列：各项办理结果之和为\(sum)，与“（七）总计”\(total)不符。请核对该列各项办理结果。",
                        en: "Table 3, \(column.englishLabel) column: the results sum to \(sum) but row (7) total says \(total)."))
                }
            }
            if let new = table.rows[.new]?[c] ?? nil, let over = table.rows[.carriedOver]?[c] ?? nil,
                let total = table.rows[.total]?[c] ?? nil, let forward = table.rows[.carriedForward]?[c] ?? nil,
                new + over != total + forward
            {
                findings.append(Finding(
                    code: .t3Balance, location: "三/\(column.key)",
                    zh: "第三部分表格勾稽关系不符：\(column.label)列 新收\(new)+上年结转\(over)=\(new + over) ≠ 办理结果总计\(total)+结转下年\(forward)=\(total + forward)。请核对该列。",
                    en: "Table 3 does not balance in the \(column.englishLabel) column: new \(new) + carried over \(over) ≠ total \(total) + carried forward \(forward)."))
            }
        }
        // 其他处理 above 10% of the total.
        let otherRow: ApplicationRow = table.format == .v2021 ? .other3 : .other
        if let other = table.rows[otherRow]?[6] ?? nil, let total = table.rows[.total]?[6] ?? nil, total > 0,
            other * 10 > total
        {
            findings.append(Finding(
                code: .t3OtherShare, location: "三/\(otherRow.key)/total",
                zh: "第三部分表格“\(otherRow.shortLabel)”为\(other)件，占总计\(total)件的\(other * 100 / total)%，超过10%。请核实能否归入具体办理结果。",
                en: "Table 3: 'other' handling is \(other) of \(total) (over 10%). Check whether they belong to a specific result."))
        }
        return findings
    }

    // MARK: - Table 四

    private func reviewChecks(_ table: ReviewLitigationTable) -> [Finding] {
        var findings: [Finding] = []
        for (index, value) in table.cells.enumerated() {
            guard let value, value < 0 else { continue }
            let block = ReviewLitigationTable.Block(rawValue: index / 5)!
            findings.append(Finding(
                code: .negativeValue, location: "四/\(block.key)/\(ReviewLitigationTable.fieldKeys[index % 5])",
                zh: "第四部分表格\(block.label)的“\(ReviewLitigationTable.fieldLabels[index % 5])”为负数（\(value)），请更正。",
                en: "Table 4, \(block.englishLabel): negative count (\(value))."))
        }
        for block in ReviewLitigationTable.Block.allCases {
            let values = table.values(of: block)
            guard values.allSatisfy({ $0 != nil }) else { continue }
            let sum = values[0..<4].reduce(0) { $0 + $1! }
            guard sum != values[4]! else { continue }
            findings.append(Finding(
                code: .t4BlockSum, location: "四/\(block.key)/total",
                zh: "第四部分表格\(block.label)：结果维持\(values[0]!)+结果纠正\(values[1]!)+其他结果\(values[2]!)+尚未审结\(values[3]!)=\(sum)，与总计\(values[4]!)不符。请核对。",
                en: "Table 4, \(block.englishLabel): upheld + corrected + other + pending = \(sum) but the total says \(values[4]!)."))
        }
        return findings
    }

    // MARK: - Table 二

    private func proactiveChecks(_ table: ProactiveTable) -> [Finding] {
        var findings: [Finding] = []
        for item in ProactiveLayout.items(for: table.format) {
            for field in item.fields {
                guard let value = table[item.key, field.key] else { continue }
                switch value {
                case .integer(let integer) where integer < 0 && !field.isSigned:
                    findings.append(Finding(
                        code: .negativeValue, location: "二/\(item.key)/\(field.key)",
                        zh: "第二部分表格“\(item.labels[0])”的“\(field.label)”为负数（\(integer)），请更正。",
                        en: "Table 2, \(item.key) \(field.key): negative (\(integer))."))
                case .decimal(let text) where !field.isAmount:
                    findings.append(Finding(
                        code: .negativeValue, location: "二/\(item.key)/\(field.key)",
                        zh: "第二部分表格“\(item.labels[0])”的“\(field.label)”不是整数（\(text)），件数应为非负整数。",
                        en: "Table 2, \(item.key) \(field.key): not a whole number (\(text))."))
                case .decimal(let text) where field.isAmount && text.isNegative:
                    findings.append(Finding(
                        code: .negativeValue, location: "二/\(item.key)/\(field.key)",
                        zh: "第二部分表格“\(item.labels[0])”的金额为负数（\(text)），请更正。",
                        en: "Table 2, \(item.key) amount is negative (\(text))."))
                default: break
                }
            }
        }
        for key in ["regulations", "normative_documents"] {
            let label = key == "regulations" ? "规章" : (table.format == .v2021 ? "行政规范性文件" : "规范性文件")
            if table.format == .v2021 {
                if let issued = table[key, "issued"]?.integer, let inForce = table[key, "in_force"]?.integer,
                    let repealed = table[key, "repealed"]?.integer, issued > inForce + repealed
                {
                    findings.append(Finding(
                        code: .t2DocsPlausible, location: "二/\(key)",
                        zh: "第二部分表格“\(label)”：本年制发\(issued)件，多于现行有效\(inForce)件与本年废止\(repealed)件之和。请核对。",
                        en: "Table 2, \(key): issued \(issued) exceeds in force \(inForce) + repealed \(repealed)."))
                }
            } else if let published = table[key, "published"]?.integer, let total = table[key, "published_total"]?.integer,
                published > total
            {
                findings.append(Finding(
                    code: .t2DocsPlausible, location: "二/\(key)",
                    zh: "第二部分表格“\(label)”：本年新公开\(published)件，多于对外公开总数量\(total)件。请核对。",
                    en: "Table 2, \(key): newly published \(published) exceeds the published total \(total)."))
            }
        }
        if table.format == .v2021 {
            let cellUnit = table.amountUnits["fees"]
            let headingUnit = evidence.feeHeadingUnit
            if let unit = cellUnit ?? headingUnit, unit != "万元" {
                findings.append(Finding(
                    code: .t2FeeUnit, location: "二/fees/amount",
                    zh: "第二部分表格“行政事业性收费”的金额单位为“\(unit)”，统一格式要求以万元为单位。请换算为万元。",
                    en: "Table 2, fees: the amount is in \(unit); the national format requires 万元 (10,000 yuan)."))
            }
        }
        return findings
    }

    // MARK: - Sections' content

    /// What a section 五 that says nothing is (key form, UTF-8): 无, 暂无, 没有, 无此情况, 无相关情况.
    static let nothingToReport: [[UInt8]] = ["无", "暂无", "没有", "无此情况", "无相关情况"].map { Array($0.utf8) }

    /// Words (key form) that name problems in section 五.
    static let problemWords = FragmentSet(["问题", "不足", "差距", "短板", "薄弱", "有待", "不够", "欠缺", "不到位", "滞后", "单一", "仍需", "尚需", "存在"])
    /// Words (key form) that name improvements in section 五.
    static let improvementWords = FragmentSet(["改进", "整改", "下一步", "今后", "将", "加强", "进一步", "措施", "计划", "提升", "完善"])

    private func sectionContentChecks() -> [Finding] {
        var findings: [Finding] = []
        let year = report.year
        if let section = report.section(1), let year, year >= 2021 {
            let count = TextNormalizer.nonWhitespaceCount(section.text)
            if count > 1000 {
                findings.append(Finding(
                    code: .sec1TooLong, location: "一",
                    zh: "第一部分“总体情况”正文约\(count)字（不含空白），超过1000字。请精简。",
                    en: "Section 1 has \(count) characters (whitespace excluded), over 1,000. Shorten it."))
            }
        }
        if let section = report.section(5) {
            // The key form looked at in place: no string of a whole section's key.
            let (saysNothing, problems, improvements) = TextNormalizer.withKey(of: section.text) { key in
                (key.isEmpty || Self.nothingToReport.contains { $0.elementsEqual(key) },
                 Self.problemWords.containsAny(in: key), Self.improvementWords.containsAny(in: key))
            }
            if saysNothing {
                findings.append(Finding(
                    code: .sec5Empty, location: "五",
                    zh: "第五部分“存在的主要问题及改进情况”为空或只写了“\(section.text.trimmingSpaces())”。请写明存在的主要问题和改进措施。",
                    en: "Section 5 is empty or just '\(section.text.trimmingSpaces())'. State the main problems and the improvements."))
            } else if problems != improvements {
                findings.append(Finding(
                    code: .sec5Incomplete, location: "五",
                    zh: problems
                        ? "第五部分只写了存在的问题，没有写改进情况。请补充改进措施。"
                        : "第五部分只写了改进情况，没有写存在的主要问题。请补充存在的问题。",
                    en: problems ? "Section 5 names problems but no improvements." : "Section 5 names improvements but no problems."))
            }
        }
        if let section = report.section(6) {
            let mentionsFee = TextNormalizer.withKey(of: section.text) { UTF8Bytes.contains("处理费", in: $0) }
            if let year, year >= 2021, !mentionsFee {
                findings.append(Finding(
                    code: .sec6FeeMissing, location: "六",
                    zh: "第六部分“其他需要报告的事项”未说明信息处理费的收取情况。请按国办函〔2020〕109号写明本年度是否收取信息处理费（如“本年度未收取信息处理费”）。",
                    en: "Section 6 does not say whether information-processing fees (信息处理费) were collected. State it."))
            }
            if !mentionsFee, let unpaid = report.applications?.rows[.other2]?[6] ?? nil, unpaid > 0 {
                findings.append(Finding(
                    code: .sec6FeeForUnpaid, location: "六",
                    zh: "第三部分表格有\(unpaid)件申请因逾期未缴纳费用不再处理，但第六部分未提及信息处理费。请补充收费情况。",
                    en: "Table 3 shows \(unpaid) applications dropped for unpaid fees, but section 6 never mentions information-processing fees."))
            }
        }
        return findings
    }

    // MARK: - Dates

    private func latePublication() -> [Finding] {
        guard let year = report.year, let published = report.published else { return [] }
        let org = report.organization ?? ""
        let deadline: (month: Int, day: Int, kind: String)
        if org.endsWithBytes("省人民政府") || org.endsWithBytes("自治区人民政府") {
            deadline = (3, 31, "省级人民政府")
        } else if org.endsWithBytes("市人民政府") && !org.has("区") && !org.has("县") {
            deadline = (3, 10, "设区的市级人民政府")
        } else if org.endsWithBytes("区人民政府") || org.endsWithBytes("县人民政府") || org.endsWithBytes("县级市人民政府") {
            deadline = (2, 20, "县级人民政府")
        } else {
            deadline = (1, 31, "部门及乡镇、街道")
        }
        let due = ReportRecognizer.isoDate(year + 1, deadline.month, deadline.day)
        guard published > due else { return [] }
        return [Finding(
            code: .latePublication, location: nil,
            zh: "报告日期\(published)晚于\(deadline.kind)年度报告的公布期限\(due)。",
            en: "The report is dated \(published), after the deadline \(due) for its kind of body.")]
    }
}
