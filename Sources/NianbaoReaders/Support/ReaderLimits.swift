/// Bounds that keep a hostile or broken file from exhausting memory or time.
///
/// The defaults suit government annual reports, which are a few hundred kilobytes of text; a file
/// beyond them is rejected with its own reason rather than read slowly or not at all.
public struct ReaderLimits: Sendable, Hashable {
    /// The largest uncompressed size of one ZIP entry that is unpacked (`word/document.xml`).
    public var maxEntryBytes: Int
    /// The largest total uncompressed size of all entries of a ZIP, as its directory declares them.
    public var maxTotalUnpackedBytes: Int
    /// The largest ratio of uncompressed to compressed size of an entry larger than
    /// ``ratioExemptBytes``; beyond it the file is treated as a compression bomb.
    public var maxCompressionRatio: Int
    /// Entries up to this uncompressed size are not held to ``maxCompressionRatio``.
    public var ratioExemptBytes: Int
    /// The largest number of entries in a ZIP.
    public var maxEntries: Int
    /// How long a child process (`pdftotext`) may run before it is killed, in seconds.
    public var childTimeoutSeconds: Double
    /// The largest output accepted from a child process.
    public var maxChildOutputBytes: Int
    /// The most table cells a web page may produce (rowspans repeat covered places on every row).
    public var maxTableCells: Int

    /// - Parameters: see the properties; every one has a default fit for annual reports.
    public init(
        maxEntryBytes: Int = 64 << 20, maxTotalUnpackedBytes: Int = 256 << 20, maxCompressionRatio: Int = 200,
        ratioExemptBytes: Int = 1 << 20, maxEntries: Int = 5_000, childTimeoutSeconds: Double = 30,
        maxChildOutputBytes: Int = 32 << 20, maxTableCells: Int = 1_000_000
    ) {
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalUnpackedBytes = maxTotalUnpackedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioExemptBytes = ratioExemptBytes
        self.maxEntries = maxEntries
        self.childTimeoutSeconds = childTimeoutSeconds
        self.maxChildOutputBytes = maxChildOutputBytes
        self.maxTableCells = maxTableCells
    }
}
