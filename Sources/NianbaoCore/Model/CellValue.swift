/// One number of a table as read from the report.
///
/// Counts are integers; money amounts are decimals kept as written (``decimal``), never rounded.
public enum CellValue: Sendable, Hashable {
    case integer(Int)
    /// A decimal amount as written, without unit (for example `"5949.088667"`).
    case decimal(String)

    /// The value as an integer, when it is one.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
