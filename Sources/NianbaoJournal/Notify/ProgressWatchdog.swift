import Dispatch
import Synchronization

/// Sends `WATCHDOG=1` only while every part of the daemon is making progress.
///
/// A daemon whose threads are alive but stuck (a reader blocked forever, a worker in an endless
/// loop) must stop pinging, so that systemd restarts it. Each part (a *component*: "watcher",
/// "workers", or one per worker) reports what it does:
///
/// - ``busy(_:)`` when it has work, ``progress(_:)`` each time a piece of work advances or ends,
/// - ``idle(_:)`` when it has nothing to do (it is waiting, responsive, and owes no progress).
///
/// A timer fires every ``period`` (half the watchdog interval by default). It pings when no
/// component is *stalled*: busy, with no progress for ``stallTimeout`` or longer. Once a stalled
/// component progresses or goes idle, pings resume.
///
/// ```swift
/// let watchdog = ProgressWatchdog(notifier: notifier, components: ["watcher", "workers"])
/// watchdog.start()
/// watchdog.busy("workers"); …; watchdog.progress("workers"); watchdog.idle("workers")
/// ```
public final class ProgressWatchdog: Sendable {
    private struct Component {
        var busy = false
        /// When it last progressed, went busy or went idle (monotonic nanoseconds).
        var lastReport: UInt64
    }

    private struct State {
        var components: [String: Component] = [:]
        var timer: (any DispatchSourceTimer)?
        /// The stalled components found by the last check, to report each stall once.
        var lastStalled: [String] = []
    }

    /// The notifier the pings go to.
    public let notifier: SystemdNotifier
    /// Time between checks, in seconds.
    public let period: Double
    /// How long a busy component may go without progress before it counts as stalled, in seconds.
    public let stallTimeout: Double

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "nianbaod.watchdog")
    private let timed: Bool
    private let onStall: (@Sendable ([String]) -> Void)?

    /// A watchdog pinging through `notifier`.
    ///
    /// - Parameters:
    ///   - notifier: Where `WATCHDOG=1` goes; its ``SystemdNotifier/watchdogInterval`` sets the defaults.
    ///   - components: Components known from the start, all idle.
    ///   - period: Seconds between checks; default half the watchdog interval (or 10 s without one).
    ///   - stallTimeout: Seconds a busy component may go without progress; default ``period``.
    ///   - onStall: Called (on the watchdog's queue or the caller of ``check()``) with the stalled
    ///     components when a check first finds a stall, so the daemon can log it before systemd
    ///     restarts it.
    public init(
        notifier: SystemdNotifier, components: [String] = [], period: Double? = nil, stallTimeout: Double? = nil,
        onStall: (@Sendable ([String]) -> Void)? = nil
    ) {
        self.notifier = notifier
        self.onStall = onStall
        timed = period != nil || notifier.watchdogInterval != nil
        let period = period ?? (notifier.watchdogInterval.map { $0 / 2 } ?? 10)
        self.period = period
        self.stallTimeout = stallTimeout ?? period
        let now = MonotonicClock.nanoseconds
        var initial = State()
        for name in components { initial.components[name] = Component(lastReport: now) }
        state = Mutex(initial)
    }

    deinit {
        state.withLock { $0.timer?.cancel() }
    }

    /// Starts the timer, if the manager asked for a watchdog (or a ``period`` was given explicitly
    /// and a socket is set). Calling it again does nothing.
    public func start() {
        guard notifier.isEnabled, timed else { return }
        state.withLock { state in
            guard state.timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let nanoseconds = Int(period * 1_000_000_000)
            timer.schedule(
                deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
                leeway: .nanoseconds(nanoseconds / 20))
            timer.setEventHandler { [weak self] in self?.check() }
            timer.resume()
            state.timer = timer
        }
    }

    /// Whether the timer is running.
    public var isRunning: Bool {
        state.withLock { $0.timer != nil }
    }

    /// Stops the timer; no more pings.
    public func stop() {
        state.withLock { state in
            state.timer?.cancel()
            state.timer = nil
        }
    }

    /// `name` has work and will report progress.
    public func busy(_ name: String) {
        update(name) { component, now in
            if !component.busy { component.lastReport = now }
            component.busy = true
        }
    }

    /// `name` made progress (and may have more work: it stays busy until ``idle(_:)``).
    public func progress(_ name: String) {
        update(name) { component, now in
            component.busy = true
            component.lastReport = now
        }
    }

    /// `name` has nothing to do and is waiting for work.
    public func idle(_ name: String) {
        update(name) { component, now in
            component.busy = false
            component.lastReport = now
        }
    }

    /// Forgets `name` (a worker that ended).
    public func remove(_ name: String) {
        _ = state.withLock { $0.components.removeValue(forKey: name) }
    }

    /// The components that are stalled now, sorted.
    public var stalledComponents: [String] {
        stalled(at: MonotonicClock.nanoseconds)
    }

    /// Pings if no component is stalled; what the timer does every ``period``.
    ///
    /// - Returns: Whether it pinged.
    @discardableResult
    public func check() -> Bool {
        let stalled = stalledComponents
        let newlyStalled = state.withLock { state in
            defer { state.lastStalled = stalled }
            return !stalled.isEmpty && stalled != state.lastStalled
        }
        if newlyStalled { onStall?(stalled) }
        guard stalled.isEmpty else { return false }
        notifier.watchdog()
        return true
    }

    /// The components stalled at monotonic time `now` (nanoseconds), sorted.
    func stalled(at now: UInt64) -> [String] {
        let limit = UInt64(stallTimeout * 1_000_000_000)
        return state.withLock { state in
            state.components.filter { _, component in
                component.busy && now >= component.lastReport && now - component.lastReport >= limit
            }.map(\.key).sorted()
        }
    }

    private func update(_ name: String, _ change: (inout Component, UInt64) -> Void) {
        let now = MonotonicClock.nanoseconds
        state.withLock { state in
            var component = state.components[name] ?? Component(lastReport: now)
            change(&component, now)
            state.components[name] = component
        }
    }
}
