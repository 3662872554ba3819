import ArgumentParser
import Foundation
import NianbaoCore
import NianbaoReaders

/// `nianbaod check [--json] [--lang zh|en] FILE...`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read and check report files; print a summary or JSON results.",
        discussion: "Exit status: 0 if every file was accepted, 1 if any was rejected, 2 for usage or I/O errors.")

    @Flag(name: .long, help: "Print one nianbao.result/1 JSON object per line.")
    var json = false

    @Option(name: .long, help: "Language of messages: zh or en.")
    var lang: String = "zh"

    @Option(name: .long, help: "Size limit in bytes (default 20 MiB).")
    var maxBytes: Int = CheckOptions.defaultSizeLimit

    @Argument(help: "Report files (.txt, .md, .docx, .html, .pdf).")
    var files: [String]

    func validate() throws {
        guard MessageLanguage(rawValue: lang) != nil else { throw ValidationError("--lang must be zh or en") }
        guard !files.isEmpty else { throw ValidationError("name at least one FILE") }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    func run() throws {
        let language = MessageLanguage(rawValue: lang) ?? .zh
        let checker = ReportChecker(
            options: CheckOptions(language: language, sizeLimit: maxBytes), readers: NianbaoReaders.all)
        var anyRejected = false
        var ioError = false
        for path in files {
            let name = (path as NSString).lastPathComponent
            let bytes: [UInt8]
            do {
                bytes = try FileInput.read(path: path, limit: maxBytes)
            } catch let error as FileInput.TooLarge {
                let result = checker.refused(
                    source: SourceInfo(name: name, inbox: nil, sha256: error.sha256, bytes: error.size, kind: nil, encoding: nil),
                    failure: ReportChecker.tooLargeFailure(size: error.size, limit: maxBytes))
                anyRejected = true
                emit(result, language: language)
                continue
            } catch {
                FileHandle.standardError.write(Data("nianbaod: \(path): \(error)\n".utf8))
                ioError = true
                continue
            }
            let result = checker.check(bytes: bytes, name: name)
            if result.verdict == .rejected { anyRejected = true }
            emit(result, language: language)
        }
        if ioError { throw ExitCode(2) }
        if anyRejected { throw ExitCode(1) }
    }

    private func emit(_ result: CheckResult, language: MessageLanguage) {
        if json {
            print(result.jsonLine())
        } else {
            print(Summary.render(result, language: language))
        }
    }
}
