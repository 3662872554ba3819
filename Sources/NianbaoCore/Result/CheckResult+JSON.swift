import Foundation

extension CheckResult {
    /// The result as one line of JSON (`nianbao.result/1`), for JSON Lines output.
    public func jsonLine() -> String { json(pretty: false) }

    /// The result as JSON, exactly as `result-schema.md` specifies.
    /// - Parameter pretty: indent with two spaces, one member per line.
    public func json(pretty: Bool) -> String { String(decoding: jsonBytes(pretty: pretty), as: UTF8.self) }

    /// ``json(pretty:)`` as UTF-8 bytes, for writing to a file without a round trip through `String`.
    public func jsonBytes(pretty: Bool) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.beginObject()
        writer.string("schema", Self.schema)
        writer.beginObject("source")
        writer.string("name", source.name)
        writer.string("inbox", source.inbox)
        writer.string("sha256", source.sha256)
        writer.int("bytes", source.bytes)
        writer.string("kind", source.kind?.rawValue)
        writer.string("encoding", source.encoding)
        writer.endObject()
        writer.string("verdict", verdict.rawValue)
        if let report { Self.write(report, into: &writer) } else { writer.null("report") }
        writer.beginArray("findings")
        for finding in findings {
            writer.beginObject()
            writer.string("code", finding.code.rawValue)
            writer.string("severity", finding.severity.rawValue)
            writer.string("message", finding.message(in: language))
            writer.string("location", finding.location)
            writer.endObject()
        }
        writer.endArray()
        writer.string("processed_at", Self.timestamp(processedAt))
        writer.double("duration_ms", durationMs)
        writer.endObject()
        return writer.outputBytes
    }

    private static func write(_ report: Report, into writer: inout JSONWriter) {
        writer.beginObject("report")
        writer.string("organization", report.organization)
        writer.int("year", report.year)
        writer.string("format", report.format?.rawValue)
        writer.string("published", report.published)
        writer.beginArray("sections")
        for section in report.sections {
            writer.beginObject()
            writer.int("number", section.number)
            writer.string("heading", section.heading)
            writer.string("text", section.text)
            writer.endObject()
        }
        writer.endArray()
        if let proactive = report.proactive {
            writer.beginObject("proactive")
            for item in ProactiveLayout.items(for: proactive.format) {
                writer.beginObject(item.key)
                for field in item.fields {
                    switch proactive[item.key, field.key] {
                    case .integer(let value): writer.int(field.key, value)
                    case .decimal(let text): writer.string(field.key, text.text)
                    case nil: writer.null(field.key)
                    }
                }
                writer.endObject()
            }
            writer.endObject()
        } else {
            writer.null("proactive")
        }
        if let table = report.applications {
            writer.beginObject("applications")
            writer.beginArray("columns")
            for column in ApplicantColumn.allCases { writer.string(nil, column.key) }
            writer.endArray()
            writer.beginObject("rows")
            for row in ApplicationRow.rows(for: table.format) {
                writer.intArray(row.key, table.rows[row] ?? Array(repeating: nil, count: 7))
            }
            writer.endObject()
            writer.beginArray("inferred")
            for cell in table.inferred { writer.string(nil, cell.description) }
            writer.endArray()
            writer.endObject()
        } else {
            writer.null("applications")
        }
        if let table = report.reviewLitigation {
            writer.beginObject("review_litigation")
            for block in ReviewLitigationTable.Block.allCases {
                writer.beginObject(block.key)
                for (index, value) in table.values(of: block).enumerated() {
                    writer.int(ReviewLitigationTable.fieldKeys[index], value)
                }
                writer.endObject()
            }
            writer.endObject()
        } else {
            writer.null("review_litigation")
        }
        writer.endObject()
    }

    /// An RFC 3339 UTC timestamp with second precision (`2026-11-23T08:00:00Z`).
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.scalarCount)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}
