/// Table 四 (行政复议、行政诉讼): one row of fifteen numbers in three blocks of five.
public struct ReviewLitigationTable: Sendable, Hashable {
    /// The three blocks, in template order.
    public enum Block: Int, Sendable, CaseIterable {
        case review, litigationDirect, litigationAfterReview

        /// Key in the result JSON.
        public var key: String {
            switch self {
            case .review: "review"
            case .litigationDirect: "litigation_direct"
            case .litigationAfterReview: "litigation_after_review"
            }
        }

        /// The block's heading in Chinese.
        public var label: String {
            switch self {
            case .review: "行政复议"
            case .litigationDirect: "行政诉讼（未经复议直接起诉）"
            case .litigationAfterReview: "行政诉讼（复议后起诉）"
            }
        }

        /// The block's heading in English.
        public var englishLabel: String {
            switch self {
            case .review: "administrative review"
            case .litigationDirect: "litigation without prior review"
            case .litigationAfterReview: "litigation after review"
            }
        }
    }

    /// Keys of the five columns of each block, in order.
    public static let fieldKeys = ["upheld", "corrected", "other", "pending", "total"]
    /// Headings of the five columns of each block, in order.
    public static let fieldLabels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

    /// Fifteen cells: block by block, five each; `nil` where unknown.
    public var cells: [Int?]

    /// A table with every cell unknown.
    public init() { cells = Array(repeating: nil, count: 15) }

    /// The five cells of `block`.
    public func values(of block: Block) -> [Int?] { Array(cells[block.rawValue * 5..<block.rawValue * 5 + 5]) }
}
