import ArgumentParser

/// `nianbaod`: checks 政府信息公开工作年度报告 and runs the inbox daemon.
@main
struct Nianbaod: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nianbaod",
        abstract: "Check annual government-information-disclosure reports (政府信息公开工作年度报告).",
        subcommands: [CheckCommand.self, RunCommand.self, ConfigCommand.self])
}
