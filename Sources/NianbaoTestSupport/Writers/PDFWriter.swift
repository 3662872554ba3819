import Foundation

/// Renders a ``DocBlock`` document as a PDF through Debian's python3-reportlab.
///
/// Chinese text uses reportlab's built-in `STSong-Light` CID font, which needs no font files;
/// `pdftotext` maps it back to Unicode through poppler-data. Tables are drawn with a grid, merged
/// cells as reportlab `SPAN`s, columns sized to their text and scaled to the page (texts longer
/// than 14 characters wrap inside their cells), and padding so that `pdftotext -layout` separates
/// columns by at least two spaces. Install with `apt-get install python3-reportlab poppler-data`.
public struct PDFWriter: Sendable {
    /// The Python interpreter that has reportlab.
    public var python: String

    /// - Parameter python: the interpreter; Debian's `/usr/bin/python3` by default.
    public init(python: String = "/usr/bin/python3") {
        self.python = python
    }

    /// Why a PDF could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether the interpreter exists and imports reportlab.
    public var isAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? Self.run(python, ["-c", "import reportlab"]))?.status == 0
    }

    /// The PDF's bytes for `blocks`.
    /// - Throws: ``Failure`` when Python or reportlab is missing or fails.
    public func render(_ blocks: [DocBlock]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nianbao-pdfwriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("spec.json")
        let script = directory.appendingPathComponent("make.py")
        let output = directory.appendingPathComponent("out.pdf")
        try JSONSerialization.data(withJSONObject: blocks.map(Self.json)).write(to: spec)
        try Data(Self.script.utf8).write(to: script)
        let result = try Self.run(python, [script.path, spec.path, output.path])
        guard result.status == 0 else {
            throw Failure(description: "reportlab failed (status \(result.status)): \(result.stderr)")
        }
        return [UInt8](try Data(contentsOf: output))
    }

    /// A block as the JSON the script reads: tables as a full grid plus spans.
    private static func json(_ block: DocBlock) -> [String: Any] {
        switch block {
        case .paragraph(let text):
            let markup = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { escape(String($0)) }.joined(separator: "<br/>")
            return ["kind": "paragraph", "text": markup]
        case .table(let rows):
            let width = rows.map { $0.reduce(0) { $0 + max(1, $1.columnSpan) } }.max() ?? 0
            var grid: [[String]] = []
            var spans: [[Int]] = []
            for (rowIndex, row) in rows.enumerated() {
                var line = [String](repeating: "", count: width)
                var column = 0
                for cell in row {
                    let span = max(1, cell.columnSpan)
                    var height = 1
                    switch cell.verticalMerge {
                    case .continue: break
                    case .none: line[column] = cell.text
                    case .restart(let count):
                        line[column] = cell.text
                        height = max(1, min(count, rows.count - rowIndex))
                    }
                    if span > 1 || height > 1 {
                        spans.append([column, rowIndex, column + span - 1, rowIndex + height - 1])
                    }
                    column += span
                }
                grid.append(line)
            }
            return ["kind": "table", "rows": grid, "spans": spans]
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static let script = """
        import json, sys
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib import colors
        pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
        style = ParagraphStyle('zh', fontName='STSong-Light', fontSize=10.5, leading=16)
        cell = ParagraphStyle('cell', fontName='STSong-Light', fontSize=8, leading=10, wordWrap='CJK')
        story = []
        for block in json.load(open(sys.argv[1])):
            if block['kind'] == 'paragraph':
                story.append(Paragraph(block['text'], style))
            else:
                commands = [('FONT', (0, 0), (-1, -1), 'STSong-Light', 8),
                            ('GRID', (0, 0), (-1, -1), 0.5, colors.black),
                            ('LEFTPADDING', (0, 0), (-1, -1), 8), ('RIGHTPADDING', (0, 0), (-1, -1), 8)]
                for c0, r0, c1, r1 in block['spans']:
                    commands.append(('SPAN', (c0, r0), (c1, r1)))
                rows = block['rows']
                columns = max(len(row) for row in rows)
                # Widths by the longest text of each column (spanned texts excluded), scaled to the page;
                # long texts wrap inside their cells as in a real report.
                spanned = {(r0, c0) for c0, r0, c1, r1 in block['spans'] if c1 > c0}
                longest = [max([len(row[c]) for r, row in enumerate(rows) if (r, c) not in spanned] + [1])
                           for c in range(columns)]
                widths = [min(n, 14) * 8.5 + 18 for n in longest]
                available = landscape(A4)[0] - 60
                if sum(widths) > available:
                    widths = [w * available / sum(widths) for w in widths]
                cells = [[Paragraph(text.replace('&', '&amp;').replace('<', '&lt;'), cell) if len(text) > 14 else text
                          for text in row] for row in rows]
                table = Table(cells, colWidths=widths, hAlign='LEFT', repeatRows=0)
                table.setStyle(TableStyle(commands))
                story.append(table)
            story.append(Spacer(1, 8))
        SimpleDocTemplate(sys.argv[2], pagesize=landscape(A4), leftMargin=30, rightMargin=30).build(story)
        """

    private static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: message, as: UTF8.self))
    }
}
