/// Turns decoded text into lines of cells, whatever its layout.
enum TextLayoutReader {
    static func read(text: String, encoding: String?, name: String) -> SourceDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            SourceLine(cells: $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
        }
        return SourceDocument(lines: lines, kind: .text, encoding: encoding)
    }
}
