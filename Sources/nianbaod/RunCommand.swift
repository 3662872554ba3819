import ArgumentParser
import Dispatch
import Foundation
import Logging
import NianbaoDaemon
import NianbaoJournal
import NianbaoMail

/// `nianbaod run [--config FILE] [--log auto|journal|stderr]`: the inbox daemon.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the inboxes and check every report dropped into them.",
        discussion: """
            Reads the configuration (default config/nianbaod.toml), creates the folders, and runs until \
            SIGTERM or SIGINT (graceful stop, exit 0). SIGHUP reloads the configuration. An invalid \
            configuration is refused with the line and key of every mistake (exit 78).
            """)

    @Option(name: .long, help: "The configuration file.")
    var config: String = ConfigurationLoader.defaultPath

    @Option(name: .long, help: "Override the log output: auto, journal or stderr.")
    var log: String?

    func validate() throws {
        if let log, LogOutput(rawValue: log) == nil { throw ValidationError("--log must be auto, journal or stderr") }
    }

    func run() throws {
        let configuration: DaemonConfiguration
        do {
            configuration = try ConfigurationLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("nianbaod: the configuration is invalid; not starting.\n\(error)\n".utf8))
            throw ExitCode(78)
        }
        JournalLogging.bootstrap(log.flatMap(LogOutput.init(rawValue:)) ?? configuration.log)
        let logger = Logger(label: "nianbaod")
        let daemon: Daemon
        do {
            daemon = try Daemon(
                configuration: configuration, logger: logger, notifier: SystemdNotifier(),
                mail: MailNotifier(configuration: configuration.mail, logger: logger))
        } catch {
            FileHandle.standardError.write(Data("nianbaod: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let signals = SignalHandler(stop: { _ in daemon.requestStop() }, reload: { daemon.requestReload() })
        // The root command is synchronous (ParsableCommand), so this one cannot be async: the daemon
        // runs as a task on the cooperative pool and the main thread waits for it.
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do { try await daemon.run() } catch { failure.set("\(error)") }
            finished.signal()
        }
        finished.wait()
        withExtendedLifetime(signals) {}
        if let message = failure.get() {
            FileHandle.standardError.write(Data("nianbaod: \(message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Carries a failure message out of the daemon task.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ text: String) { lock.withLock { message = text } }
    func get() -> String? { lock.withLock { message } }
}
