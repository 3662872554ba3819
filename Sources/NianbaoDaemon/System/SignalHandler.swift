import Dispatch
import Glibc

/// SIGTERM/SIGINT → stop, SIGHUP → reload, through Dispatch signal sources.
///
/// Why not swift-service-lifecycle: its `ServiceGroup` would fit (graceful shutdown on SIGTERM), but
/// it pulls in swift-async-algorithms and swift-collections, a heavy build on this project's
/// two-core builders, for what is here three signals and one run loop. A `DispatchSourceSignal`
/// delivers a signal as an ordinary callback on a queue (never in async-signal context), after
/// the default action is turned off with `signal(SIG_IGN)`.
public final class SignalHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers; keep the returned object alive.
    public init(stop: @escaping @Sendable (Int32) -> Void, reload: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "nianbaod.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if number == SIGHUP { reload() } else { stop(number) }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit { for source in sources { source.cancel() } }
}
