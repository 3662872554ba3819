import NianbaoCore

/// Writes the sections' prose for a report from its values, so that counts stated in the text
/// (收到申请N件, 办结N件, 行政复议N件…) agree with the tables.
struct ProseWriter {
    var organization: String
    var pronoun: String
    var year: Int

    /// Section 一: an opening paragraph and the five customary sub-items; under 1,000 characters
    /// (whitespace not counted) unless `tooLong`.
    func overview(
        applications: ApplicationsTable?, review: ReviewLitigationTable?, tooLong: Bool, rng: inout SeededGenerator
    ) -> [String] {
        var paragraphs = ["\(year)年，\(pronoun)\(rng.pick(PhraseBank.openers))"]
        let published = rng.int(20...900)
        let platform = rng.pick(PhraseBank.platforms)
        paragraphs.append(
            "（一）主动公开。\(year)年，\(pronoun)通过\(platform)等渠道主动公开政府信息\(published)条。"
                + rng.pick(PhraseBank.proactive))
        paragraphs.append("（二）依申请公开。" + applicationSentence(applications))
        paragraphs.append("（三）政府信息管理。" + rng.shuffled(PhraseBank.management).prefix(2).joined())
        paragraphs.append("（四）平台建设。" + rng.shuffled(PhraseBank.platformWork).prefix(rng.int(1...2)).joined())
        paragraphs.append("（五）监督保障。" + rng.pick(PhraseBank.oversight) + reviewSentence(review))
        var fillers = rng.shuffled(PhraseBank.filler)
        if tooLong {
            var index = 0
            while count(paragraphs) <= 1_150 {
                paragraphs.insert(fillers[index % fillers.count], at: 2 + index % 3)
                index += 1
            }
        } else {
            // Some reports are terse, some fill the page; stay clearly under the limit.
            let extra = rng.int(0...2)
            for _ in 0..<extra where !fillers.isEmpty {
                let sentence = fillers.removeFirst()
                if count(paragraphs) + nonWhitespace(sentence) < 940 { paragraphs[1] += sentence }
            }
        }
        return paragraphs
    }

    private func applicationSentence(_ table: ApplicationsTable?) -> String {
        guard let table, let received = table[.new, .total] else {
            return "落实专人负责依申请公开工作，严格按照法定时限答复申请人。"
        }
        let carried = table[.carriedOver, .total] ?? 0
        let done = table[.total, .total] ?? 0
        let forward = table[.carriedForward, .total] ?? 0
        if received == 0 && carried == 0 {
            return "落实专人负责依申请公开工作。\(year)年，\(pronoun)未收到政府信息公开申请。"
        }
        var sentence = "\(year)年，\(pronoun)共收到政府信息公开申请\(received)件"
        if carried > 0 { sentence += "，上年结转\(carried)件" }
        sentence += "，办结\(done)件"
        if forward > 0 { sentence += "，结转下年度继续办理\(forward)件" }
        return sentence + "，均在法定期限内予以答复。"
    }

    private func reviewSentence(_ table: ReviewLitigationTable?) -> String {
        guard let table else { return "" }
        let review = table.cells[4] ?? 0
        let litigation = (table.cells[9] ?? 0) + (table.cells[14] ?? 0)
        if review == 0 && litigation == 0 { return "本年度未发生因政府信息公开引发的行政复议、行政诉讼。" }
        return "本年度因政府信息公开被申请行政复议\(review)件，被提起行政诉讼\(litigation)件。"
    }

    /// Section 五: problems and improvements (or only problems when `problemsOnly`), possibly with
    /// `extra` more sentences to grow the report.
    func problems(problemsOnly: Bool, extra: Int, rng: inout SeededGenerator) -> [String] {
        let problemCount = rng.int(2...3)
        let problems = rng.shuffled(PhraseBank.problems).prefix(problemCount)
        let problemText = zip(PhraseBank.ordinalsShi, problems).map { "\($0)\($1)" }.joined(separator: "；")
        let improvements = rng.shuffled(PhraseBank.improvements).prefix(rng.int(2...3) + min(extra, 3))
        let improvementText = zip(PhraseBank.ordinalsShi, improvements).map { "\($0)\($1)" }.joined(separator: "；")
        if problemsOnly {
            return ["\(year)年，\(pronoun)政府信息公开工作存在以下不足：\(problemText)。"]
        }
        var paragraphs: [String]
        if rng.chance(0.5) {
            paragraphs = [
                "（一）存在的问题", "\(problemText)。",
                "（二）改进情况", "下一步，\(pronoun)将从以下方面改进：\(improvementText)。",
            ]
        } else {
            paragraphs = [
                "\(year)年，\(pronoun)政府信息公开工作虽然取得了一定成效，但仍存在一些不足：\(problemText)。"
                    + "下一步，\(pronoun)将重点从以下方面改进：\(improvementText)。"
            ]
        }
        for index in 0..<max(0, extra - 3) {
            paragraphs.append(PhraseBank.filler[index % PhraseBank.filler.count])
        }
        return paragraphs
    }

    /// Section 六: from 2021 the 信息处理费 statement (unless `omitFee`), otherwise often just 无.
    func otherMatters(applications: ApplicationsTable?, omitFee: Bool, rng: inout SeededGenerator) -> [String] {
        let contact = rng.chance(0.3) ? [PhraseBank.contactParagraph] : []
        if year < 2021 || omitFee {
            return rng.chance(0.5) ? [rng.pick(["无。", "无", "无其他需要报告的事项。"])] : [PhraseBank.contactParagraph]
        }
        let unpaid = applications?[.other2, .total] ?? 0
        let fee: String
        switch rng.int(0...3) {
        case 0: fee = "本单位\(year)年未收取信息处理费。"
        case 1:
            fee =
                "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定的按件、按量收费标准，"
                + "本年度未产生信息处理费。"
        case 2:
            let amount = rng.int(1...30) * 10
            fee = "\(year)年，\(pronoun)依照《政府信息公开信息处理费管理办法》共收取信息处理费\(amount)元。"
        default: fee = "本年度\(pronoun)未收取信息处理费。"
        }
        let unpaidNote = unpaid > 0 ? ["本年度向申请人发出收费通知\(unpaid)件，申请人逾期未缴纳信息处理费，不再处理其申请。"] : []
        return [fee] + unpaidNote + contact
    }

    func count(_ paragraphs: [String]) -> Int { paragraphs.reduce(0) { $0 + nonWhitespace($1) } }
    func nonWhitespace(_ text: String) -> Int { text.unicodeScalars.filter { !$0.properties.isWhitespace }.count }
}
