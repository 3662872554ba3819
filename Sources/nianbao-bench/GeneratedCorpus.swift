/// The generated benchmark corpus (filled in by the report generator).
enum GeneratedCorpus {
    static func make() -> [(name: String, bytes: [UInt8])] { [] }
}
