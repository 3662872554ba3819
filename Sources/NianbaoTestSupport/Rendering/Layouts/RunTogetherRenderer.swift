/// Layout 5: the text of a published web page, tags stripped. The cells of a table row run together
/// without any separator (`一、本年新收政府信息公开申请数量1210000013二、上年结转…`), rows are glued to each
/// other or broken at random, so the next row's sub-item number (`2.`) sticks to the last digit.
/// Menus and footers of the page surround the report.
struct RunTogetherRenderer: LayoutRenderer {
    var rng: SeededGenerator
    let noise: NoiseOptions

    static let menus = ["首页 > 政务公开 > 政府信息公开年报", "【字体：大 中 小】 【打印本页】 【关闭窗口】", "分享到："]
    static let footers = ["扫一扫在手机打开当前页", "网站地图 | 联系我们 | 使用帮助", "版权所有 未经许可不得复制"]

    mutating func render(_ document: ReportDocument) -> [String] {
        var lines = rng.chance(0.7) ? Array(Self.menus.prefix(rng.int(1...3))) : []
        for part in document.parts {
            switch part {
            case .title(let text), .heading(_, let text), .paragraph(let text), .signature(let text), .date(let text):
                lines.append(text)
            case .table(let grid):
                var current = ""
                for row in grid.allRows {
                    current += LayoutText.printed(row, blankMark: noise.blankMark).joined()
                    if rng.chance(0.3) {
                        lines.append(current)
                        current = ""
                    }
                }
                if !current.isEmpty { lines.append(current) }
            }
        }
        if rng.chance(0.7) { lines += Self.footers.prefix(rng.int(1...3)) }
        return lines
    }
}
