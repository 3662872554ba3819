import NianbaoCore

/// Renders a ``DocBlock`` document as a published government web page.
///
/// The article sits among what such pages carry: a script, a style sheet, a top menu, a side menu
/// of links and a footer with address and telephone numbers. Paragraphs are `<p>` (line breaks
/// as `<br>`); tables are `<table>` with `colspan`/`rowspan` (cells covered by a merge from above
/// are left out, as HTML requires), blank cells as empty `<td>` or `&nbsp;`, and with
/// ``pieceLength`` the text of cells cut into nested `<span>`s, splitting numbers in the middle.
/// The page declares its charset and is encoded in it (GB2312/GBK through iconv).
public struct HTMLWriter: Sendable {
    /// The charset the page is written in.
    public enum Charset: String, Sendable, CaseIterable {
        case utf8 = "UTF-8"
        case gb2312 = "gb2312"
        case gbk = "GBK"
    }

    public var charset: Charset
    /// The `<meta name="PubDate">` value, or `nil` for none.
    public var publicationDate: String?
    /// The longest text of one `<span>` in a cell; 0 writes cell text unwrapped.
    public var pieceLength: Int
    /// Whether to surround the article with menus, scripts and footers.
    public var pageChrome: Bool

    /// - Parameters: see the properties.
    public init(charset: Charset = .utf8, publicationDate: String? = nil, pieceLength: Int = 0, pageChrome: Bool = true)
    {
        self.charset = charset
        self.publicationDate = publicationDate
        self.pieceLength = pieceLength
        self.pageChrome = pageChrome
    }

    /// The page's bytes in ``charset``.
    public func render(_ blocks: [DocBlock]) -> [UInt8] {
        let text = page(blocks)
        switch charset {
        case .utf8: return Array(text.utf8)
        case .gb2312, .gbk: return CharsetConverter.fromUTF8(text, to: "GBK") ?? CharsetConverter.fromUTF8(text, to: "GB18030") ?? Array(text.utf8)
        }
    }

    /// The page as text (before encoding).
    public func page(_ blocks: [DocBlock]) -> String {
        var html = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html>\n<head>\n"
        if charset == .gb2312 {
            html += "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />\n"
        } else {
            html += "<meta charset=\"\(charset.rawValue)\">\n"
        }
        if let publicationDate { html += "<meta name=\"PubDate\" content=\"\(publicationDate) 09:30\">\n" }
        html += "<meta name=\"ColumnName\" content=\"政府信息公开年报\">\n<title>政府信息公开工作年度报告</title>\n"
        if pageChrome {
            html += """
                <style type="text/css">.article p { text-indent: 2em; } td { border: 1px solid #000; }</style>
                <script type="text/javascript">var menu = "<table><tr><td>1</td></tr></table>"; if (a < b && c) {}</script>

                """
        }
        html += "</head>\n<body>\n"
        if pageChrome {
            html += """
                <div class="header"><div class="logo"><img src="logo.png" alt="人民政府门户网站"></div>
                <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>\
                <li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
                <div class="main"><div class="left-menu"><a href="/nb/2021">2021年年报</a><br><a href="/nb/2020">\
                2020年年报</a></div>
                <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>

                """
        }
        html += "<div class=\"article\" id=\"zoom\">\n"
        for block in blocks {
            switch block {
            case .paragraph(let text):
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                html += "<p>" + lines.map { MarkupEscaping.escape($0) }.joined(separator: "<br/>") + "</p>\n"
            case .table(let rows):
                html += table(rows)
            }
        }
        html += "</div>\n"
        if pageChrome {
            html += """
                <div class="share">分享到：<a href="#">微信</a></div></div>
                <div class="footer"><p>主办单位：某某市人民政府办公室　联系电话：0571-85252000</p>\
                <p>网站标识码3301000001　浙ICP备05003002号-1</p></div>
                <script>document.write("<p>统计</p>");</script>

                """
        }
        return html + "</body>\n</html>\n"
    }

    private func table(_ rows: [[DocCell]]) -> String {
        var html = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">\n<tbody>\n"
        var blankCounter = 0
        for row in rows {
            html += "<tr>"
            for cell in row {
                var attributes = ""
                if cell.columnSpan > 1 { attributes += " colspan=\"\(cell.columnSpan)\"" }
                switch cell.verticalMerge {
                case .continue: continue
                case .restart(let count): attributes += " rowspan=\"\(count)\""
                case .none: break
                }
                if cell.text.isEmpty {
                    blankCounter += 1
                    html += blankCounter % 2 == 0 ? "<td\(attributes)></td>" : "<td\(attributes)><p>&nbsp;</p></td>"
                    continue
                }
                let lines = cell.text.split(separator: "\n", omittingEmptySubsequences: false).map(cellLine)
                html += "<td\(attributes) valign=\"center\">"
                html += lines.count == 1 ? lines[0] : lines.map { "<p>\($0)</p>" }.joined()
                html += "</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// One line of a cell, in nested spans when ``pieceLength`` is set.
    private func cellLine(_ line: Substring) -> String {
        let pieces = MarkupEscaping.pieces(String(line), length: pieceLength)
        guard pieceLength > 0 else { return MarkupEscaping.escape(line) }
        return pieces.enumerated().map { index, piece in
            let inner = "<span lang=\"EN-US\">\(MarkupEscaping.escape(piece))</span>"
            return index % 2 == 0 ? "<span style=\"font-family:宋体;font-size:10.5pt\">\(inner)</span>" : inner
        }.joined()
    }
}
