import NianbaoCore

/// The reasons a Word, web page or PDF file cannot be read, each with its own clerk-facing text.
///
/// Every hostile or broken input has a reason of its own, so a clerk (and a test) can tell a
/// compression bomb from a damaged file or a missing tool.
enum ReaderFailures {
    // MARK: Word (.docx)

    static let corruptZip = ReadFailure(
        code: .unreadable,
        zh: "文件是ZIP（.docx）格式，但已损坏，无法解压。请在Word或WPS中重新打开并另存为.docx，或导出为PDF后重新提交。",
        en: "The file is a ZIP (.docx) but it is damaged and cannot be unpacked. Open it in Word or WPS, save it "
            + "as .docx again or export it to PDF, and submit again.")

    static func missingDocumentXML(hint: String?) -> ReadFailure {
        ReadFailure(
            code: .unsupportedType,
            zh: "压缩包中没有word/document.xml，不是Word .docx文档\(hint.map { "（看起来是\($0)）" } ?? "")。"
                + "请提交报告的.docx或PDF文件。",
            en: "The ZIP holds no word/document.xml, so it is not a Word .docx document"
                + "\(hint.map { " (it looks like \($0))" } ?? ""). Submit the report as .docx or PDF.")
    }

    static func tooManyEntries(limit: Int) -> ReadFailure {
        ReadFailure(
            code: .unreadable,
            zh: "压缩包中的文件超过\(limit)个，不像正常的Word文档（疑似压缩炸弹）。请在Word中另存为.docx后重新提交。",
            en: "The ZIP holds more than \(limit) entries, which no Word document does (a suspected zip bomb). "
                + "Save it as .docx in Word and submit again.")
    }

    static func zipBomb(entry: String, ratio: Int, limit: Int) -> ReadFailure {
        ReadFailure(
            code: .unreadable,
            zh: "压缩包中的“\(entry)”压缩比约为\(ratio):1，超过\(limit):1的上限，疑似压缩炸弹，已拒绝解压。"
                + "请在Word中另存为.docx或导出为PDF后重新提交。",
            en: "The entry \"\(entry)\" is compressed about \(ratio):1, beyond the limit of \(limit):1; it looks "
                + "like a zip bomb and was not unpacked. Save the report as .docx or PDF and submit again.")
    }

    static func entryTooLarge(entry: String, limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "压缩包中的“\(entry)”解压后超过\(limit)字节的上限，已停止解压。请删去无关内容后另存为.docx，或导出为PDF后重新提交。",
            en: "The entry \"\(entry)\" unpacks to more than \(limit) bytes, the limit; unpacking was stopped. "
                + "Remove unrelated content and save as .docx, or export to PDF, and submit again.")
    }

    static func totalTooLarge(total: UInt64, limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "压缩包解压后共\(total)字节，超过\(limit)字节的上限。请删去图片等无关内容后重新提交。",
            en: "The ZIP unpacks to \(total) bytes in all, over the limit of \(limit) bytes. Remove images or other "
                + "bulk and submit again.")
    }

    static let xmlBomb = ReadFailure(
        code: .unreadable,
        zh: "word/document.xml中含有DOCTYPE或实体声明（可能是“XML炸弹”），Word不会生成这样的文件，已拒绝读取。"
            + "请在Word中重新另存为.docx后提交。",
        en: "word/document.xml holds a DOCTYPE or entity declarations (a possible XML bomb), which Word never "
            + "writes; it was not read. Save the document as .docx in Word again and submit it.")

    static let malformedXML = ReadFailure(
        code: .unreadable,
        zh: "word/document.xml不是合法的XML，文档已损坏。请在Word中重新另存为.docx或导出为PDF后提交。",
        en: "word/document.xml is not well-formed XML; the document is damaged. Save it as .docx again or export "
            + "it to PDF and submit it.")

    // MARK: Web pages

    static let unreadableHTML = ReadFailure(
        code: .unreadable,
        zh: "网页文件无法解析（编码无法识别或内容损坏）。请用浏览器“另存为”网页（UTF-8编码），或提交.docx/PDF文件。",
        en: "The web page cannot be parsed (unknown encoding or damaged content). Save it from the browser as a "
            + "UTF-8 web page, or submit .docx or PDF.")

    static func tooManyCells(limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "网页中的表格展开后超过\(limit)个单元格（可能是异常的跨行设置），不像一份年度报告。请只提交年度报告本身。",
            en: "The web page's tables expand to more than \(limit) cells (probably abnormal rowspans), far more than "
                + "an annual report. Submit the report alone.")
    }

    // MARK: PDF

    static func pdftotextMissing(searched: String) -> ReadFailure {
        ReadFailure(
            code: .unsupportedType,
            zh: "服务器未安装PDF文字提取工具pdftotext（Debian软件包poppler-utils），暂时无法读取PDF。"
                + "请管理员执行“apt-get install poppler-utils”，或改为提交.docx文件。",
            en: "pdftotext (Debian package poppler-utils) is not installed (searched \(searched)), so PDF files "
                + "cannot be read. The administrator should run `apt-get install poppler-utils`; meanwhile submit .docx."
        )
    }

    static let truncatedPDF = ReadFailure(
        code: .unreadable,
        zh: "PDF文件不完整（末尾缺少%%EOF标记，可能在传输或保存时被截断）。请重新导出PDF后提交。",
        en: "The PDF is incomplete (the closing %%EOF marker is missing; it was probably cut off while copying or "
            + "saving). Export the PDF again and submit it.")

    static func corruptPDF(detail: String) -> ReadFailure {
        ReadFailure(
            code: .unreadable,
            zh: "PDF文件已损坏或加密，无法提取文字（pdftotext：\(detail)）。请重新导出未加密的PDF，或提交.docx文件。",
            en: "The PDF is damaged or encrypted and its text cannot be extracted (pdftotext: \(detail)). Export an "
                + "unencrypted PDF again, or submit .docx.")
    }

    static let pdfWithoutText = ReadFailure(
        code: .unreadable,
        zh: "PDF中没有可提取的文字（可能是扫描件或图片）。请提交由Word直接导出的PDF或.docx文件。",
        en: "The PDF holds no extractable text (probably a scan or images). Submit a PDF exported from Word, or "
            + "the .docx.")

    static func pdfTimeout(seconds: Double) -> ReadFailure {
        ReadFailure(
            code: .unreadable,
            zh: "提取PDF文字超过\(Int(seconds))秒仍未完成，已中止。请删去图片等无关内容后重新导出PDF，或提交.docx文件。",
            en: "Extracting the PDF's text took longer than \(Int(seconds)) seconds and was stopped. Remove images "
                + "or other bulk and export the PDF again, or submit .docx.")
    }

    static func pdfOutputTooLarge(limit: Int) -> ReadFailure {
        ReadFailure(
            code: .tooLarge,
            zh: "PDF提取出的文字超过\(limit)字节的上限，不像一份年度报告。请只提交年度报告本身。",
            en: "The PDF's text exceeds \(limit) bytes, far more than an annual report. Submit the report alone.")
    }

    static func pdfToolFailed(detail: String) -> ReadFailure {
        ReadFailure(
            code: .unreadable,
            zh: "无法运行PDF文字提取工具pdftotext（\(detail)）。请联系管理员检查poppler-utils的安装。",
            en: "pdftotext could not be run (\(detail)). Ask the administrator to check the poppler-utils installation."
        )
    }
}
