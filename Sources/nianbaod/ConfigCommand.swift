import ArgumentParser
import Foundation
import NianbaoDaemon

/// `nianbaod config check FILE`
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with the daemon's configuration file.",
        subcommands: [Check.self])

    /// `nianbaod config check FILE`: validates and names the line and key of every mistake.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file; print every mistake with its line and key.",
            discussion: "Exit status: 0 when the file is valid, 1 when it has mistakes.")

        @Argument(help: "The configuration file (TOML).")
        var file: String = ConfigurationLoader.defaultPath

        func run() throws {
            do {
                let configuration = try ConfigurationLoader.load(path: file)
                print("\(file): OK")
                for inbox in configuration.inboxes {
                    print("  inbox \(inbox.name): \(inbox.path) (\(inbox.mode.rawValue))")
                }
                print("  processing \(configuration.processing)")
                print("  outbox \(configuration.outbox)")
                print("  accepted \(configuration.accepted)")
                print("  rejected \(configuration.rejected)")
                print("  state \(configuration.state)")
            } catch {
                print(error.description)
                print("\(error.issues.count) mistake\(error.issues.count == 1 ? "" : "s") in \(file).")
                throw ExitCode(1)
            }
        }
    }
}
