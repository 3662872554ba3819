import ArgumentParser
import Foundation

/// `nianbaod`: checks 政府信息公开工作年度报告 and runs the inbox daemon.
@main
struct Nianbaod: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nianbaod",
        abstract: "Check annual government-information-disclosure reports (政府信息公开工作年度报告).",
        subcommands: [CheckCommand.self, RunCommand.self, ConfigCommand.self])

    /// Parses and runs the command. Usage errors exit with status 2 (not ArgumentParser's 64), as
    /// `nianbaod check` documents: 0 accepted, 1 rejected, 2 usage or I/O error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
