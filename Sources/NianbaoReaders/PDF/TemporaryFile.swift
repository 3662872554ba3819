import NianbaoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private temporary file (mode 0600 in `$TMPDIR` or `/tmp`) holding some bytes for a child process.
struct TemporaryFile {
    /// The file's path.
    let path: String

    /// Creates the file and writes `bytes` to it.
    /// - Throws: ``ReadFailure`` when the file cannot be created or written.
    init(_ bytes: [UInt8]) throws(ReadFailure) {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/nianbao-pdf-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ReaderFailures.pdfToolFailed(detail: "mkstemp \(directory): \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw ReaderFailures.pdfToolFailed(detail: "write \(path): \(reason)")
            }
            written += result
        }
        self.path = path
    }

    /// Deletes the file.
    func remove() { unlink(path) }
}
