import Foundation
import NianbaoCore
import NianbaoTestSupport
import Testing

@testable import NianbaoReaders

/// The ZIP shapes other writers make, by Python's `zipfile`: each reads as the same document.
@Suite struct ZipVariantsTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Re-packs the entries of the ZIP on stdin as `variant` and writes it to stdout.
    static let script = #"""
        import io, sys, zipfile
        variant = sys.argv[1]
        if variant == "zip64":  # ZIP64 sizes in the directory and a ZIP64 end record
            zipfile.ZIP64_LIMIT = 0
            zipfile.ZIP_FILECOUNT_LIMIT = 0
        source = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
        out = io.BytesIO()
        class Unseekable(io.RawIOBase):  # forces data descriptors after each entry
            def writable(self): return True
            def write(self, b): out.write(b); return len(b)
        target = Unseekable() if variant == "descriptor" else out
        method = zipfile.ZIP_STORED if variant == "stored" else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(target, "w", compression=method, allowZip64=True) as zf:
            for info in source.infolist():
                data = source.read(info)
                with zf.open(zipfile.ZipInfo(info.filename, (2022, 1, 1, 0, 0, 0)), "w", force_zip64=(variant == "zip64")) as f:
                    f.write(data)
            if variant == "comment":
                zf.comment = "报告".encode() * 1000
        data = bytearray(out.getvalue())
        if variant == "zip64":  # the end record's count and offset saturated, as large archives have them
            end = data.rfind(b"PK\x05\x06")
            data[end + 8:end + 20] = b"\xff" * 12
            zipfile.ZipFile(io.BytesIO(bytes(data))).testzip()
        sys.stdout.buffer.write(bytes(data))
        """#

    static func repack(_ bytes: [UInt8], as variant: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python))
        process.arguments = ["-c", script, variant]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return [UInt8](data)
    }

    @Test(.enabled(if: python != nil, "needs python3"), arguments: ["stored", "deflated", "descriptor", "zip64", "comment"])
    func variantReadsLikeTheOriginal(variant: String) throws {
        let document = try #require(ReportGenerator(seed: 7).documents(count: 1).first)
        let original = DocxWriter().render(document.blocks)
        let repacked = try Self.repack(original, as: variant)
        #expect(repacked != original)
        let reader = DocxReader()
        let expected = try reader.read(original, name: "a.docx")
        let read = try reader.read(repacked, name: "a.docx")
        #expect(expected.lines.count > 40)
        #expect(read == expected, "\(variant)")
    }
}
