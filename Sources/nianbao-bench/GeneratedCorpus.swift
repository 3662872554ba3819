import NianbaoTestSupport

/// The generated benchmark corpus: 300 valid reports of about 9 KB, in every text layout.
enum GeneratedCorpus {
    static func make() -> [(name: String, bytes: [UInt8])] {
        ((try? ReportGenerator.sample9KB(count: 300)) ?? []).map { ($0.fileName, $0.bytes) }
    }
}
