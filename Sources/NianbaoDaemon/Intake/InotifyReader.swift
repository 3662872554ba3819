import Foundation
import Synchronization

/// The thread that reads inotify events and records dirty names; nothing else.
///
/// It maps watch descriptors to inbox names (kept current by intake through ``setWatch(_:inbox:)``
/// and ``removeWatch(_:)``), never touches files, and notes a heartbeat each loop (at least once a
/// second) so the watchdog can tell it is alive.
public final class InotifyReader: Sendable {
    private let inotify: Inotify
    private let dirty: DirtyPaths
    private let watches = Mutex<[Int32: String]>([:])
    private let stopped = Atomic<Bool>(false)
    private let heartbeat = Atomic<Int64>(0)
    private let failure = Mutex<SystemError?>(nil)

    /// A reader of `inotify` recording into `dirty`; call ``start()``.
    public init(inotify: Inotify, dirty: DirtyPaths) {
        self.inotify = inotify
        self.dirty = dirty
    }

    /// Starts the reading thread.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "nianbaod.inotify"
        thread.start()
    }

    /// Stops the thread (at its next wake-up, which ``stop()`` causes at once).
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        inotify.wake()
    }

    /// Maps `watch` to `inbox`.
    public func setWatch(_ watch: Int32, inbox: String) { watches.withLock { $0[watch] = inbox } }

    /// Forgets `watch`.
    public func removeWatch(_ watch: Int32) { _ = watches.withLock { $0.removeValue(forKey: watch) } }

    /// The monotonic time (ms) of the last loop.
    public var lastHeartbeat: Double { Double(heartbeat.load(ordering: .relaxed)) / 1000 }

    /// A read error that stopped the thread, if any.
    public var lastFailure: SystemError? { failure.withLock { $0 } }

    private func loop() {
        while !stopped.load(ordering: .relaxed) {
            heartbeat.store(Int64(SystemInfo.monotonic() * 1000), ordering: .relaxed)
            let events: [Inotify.Event]
            do {
                events = try inotify.read(timeout: 1)
            } catch {
                failure.withLock { $0 = error }
                dirty.recordOverflow()
                dirty.wake()
                Thread.sleep(forTimeInterval: 0.5)
                continue
            }
            if events.isEmpty { continue }
            let map = watches.withLock { $0 }
            for event in events {
                if event.mask.contains(.queueOverflow) {
                    dirty.recordOverflow()
                    continue
                }
                guard let inbox = map[event.watch] else { continue }
                if event.mask.contains(.ignored) || event.mask.contains(.deleteSelf) || event.mask.contains(.moveSelf) {
                    dirty.recordLost(watch: event.watch)
                } else if let name = event.name, !event.mask.contains(.isDirectory) {
                    dirty.record(name, inbox: inbox, origin: .event)
                }
            }
            dirty.wake()
        }
    }
}
