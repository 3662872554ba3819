/// One of the six numbered sections of a report.
public struct Section: Sendable, Hashable {
    /// 1 to 6.
    public var number: Int
    /// The heading as written (without the ordinal), or `nil` when the heading is missing.
    public var heading: String?
    /// The section's text, tables excluded as far as they were recognised.
    public var text: String

    public init(number: Int, heading: String?, text: String) {
        self.number = number
        self.heading = heading
        self.text = text
    }

    /// The template's heading of section `number`.
    public static func templateHeading(_ number: Int) -> String {
        switch number {
        case 1: "总体情况"
        case 2: "主动公开政府信息情况"
        case 3: "收到和处理政府信息公开申请情况"
        case 4: "政府信息公开行政复议、行政诉讼情况"
        case 5: "存在的主要问题及改进情况"
        default: "其他需要报告的事项"
        }
    }

    /// The Chinese ordinal of `number` (`一` … `六`).
    public static func ordinal(_ number: Int) -> String {
        ["一", "二", "三", "四", "五", "六"][max(0, min(5, number - 1))]
    }
}
