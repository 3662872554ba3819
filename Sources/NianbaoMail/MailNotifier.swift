import Foundation
import Logging
import NianbaoCore
import NianbaoJournal

/// Turns verdicts into rejection notices and digests and delivers them through sendmail.
///
/// Two threads do the work, so ``record(_:inbox:resultPath:)`` only appends to a list and returns:
/// - the *intake* thread adds records to the persistent state (`SPOOL/state.json`: rejections
///   waiting for their coalescing window, digest counts), closes windows into one notice per inbox,
///   writes digests when they are due, and puts every message into the spool queue;
/// - the *delivery* thread runs sendmail for each queued message (`SPOOL/queue/*.eml`), removes it
///   after exit status 0, and otherwise retries it with exponential back-off, also across restarts.
///
/// Delivery is at least once. A message can be sent twice only if the daemon dies in the instant
/// between sendmail's success and the removal of the spool entry, or between spooling a notice and
/// saving the state without its rejections. Records not yet taken by the intake thread (a few
/// milliseconds' worth) are lost if the process is killed; ``shutdown()`` flushes everything.
public final class MailNotifier: Sendable {
    private let shared: Shared
    private let logger: Logger

    /// Creates a notifier; nothing runs until ``start()``.
    /// - Parameters:
    ///   - configuration: the `[mail]` settings; with `enabled == false` the notifier does nothing.
    ///   - logger: where sends and failures are logged (with `MESSAGE_ID` metadata for the journal).
    public init(configuration: MailConfiguration, logger: Logger) {
        self.shared = Shared(configuration: configuration)
        self.logger = logger
    }

    /// Starts the delivery loop (spool retries, coalescing timer, digest schedule). Calling it again
    /// does nothing.
    public func start() {
        guard shared.markStarted() else { return }
        let configuration = shared.configuration
        if configuration.enabled {
            // Left by a crash in the middle of a write; nothing else uses the spool yet.
            try? MailSpool(directory: Self.queueDirectory(configuration.spoolDirectory)).removeStaleTemporaries()
            try? MailSpool(directory: configuration.spoolDirectory).removeStaleTemporaries()
        }
        let intake = IntakeLoop(shared: shared, logger: logger)
        let delivery = DeliveryLoop(shared: shared, logger: logger)
        let intakeThread = Thread { intake.run() }
        intakeThread.name = "nianbao-mail-intake"
        intakeThread.start()
        let deliveryThread = Thread { delivery.run() }
        deliveryThread.name = "nianbao-mail-delivery"
        deliveryThread.start()
    }

    /// Notes one processed file. Returns at once: the notice or digest entry is made on the
    /// notifier's own thread.
    /// - Parameters:
    ///   - result: the check result.
    ///   - inbox: the inbox's configured name (selects the notice's recipients).
    ///   - resultPath: where the result JSON was written (named in the notice).
    public func record(_ result: CheckResult, inbox: String, resultPath: String) {
        shared.append(Shared.Incoming(result: result, inbox: inbox, resultPath: resultPath))
    }

    /// Replaces the configuration (on SIGHUP). Queued messages are retried at once, so a corrected
    /// sendmail path takes effect without waiting for the back-off.
    public func reconfigure(_ configuration: MailConfiguration) {
        shared.reconfigure(configuration)
    }

    /// Sends the pending rejection notices now instead of at the end of their coalescing window.
    public func flushNotices() { shared.request(flush: true) }

    /// Sends the digest now (as if its time had come); the schedule then continues from now.
    public func sendDigestNow() { shared.request(digest: true) }

    /// How many messages are in the spool queue, waiting for sendmail.
    public var queuedMessages: Int {
        let spool = MailSpool(directory: Self.queueDirectory(shared.configuration.spoolDirectory))
        return (try? spool.entries().count) ?? 0
    }

    /// Flushes pending coalesced notices to the spool and stops the loop.
    ///
    /// Waits until the notices are spooled and the state is saved, and for a sendmail run in
    /// progress to end (at most its timeout). Messages still queued are sent after the next start.
    public func shutdown() {
        if !shared.stopAndWait() {
            // Never started: save what was recorded so that it goes out after the next start.
            IntakeLoop(shared: shared, logger: logger).run()
        }
    }

    static func queueDirectory(_ spool: String) -> String { "\(spool)/queue" }
    static func statePath(_ spool: String) -> String { "\(spool)/state.json" }
}

/// The state shared between callers and the two loops, guarded by one condition lock.
final class Shared: @unchecked Sendable {
    private let condition = NSCondition()
    // Everything below is read and written only with `condition` locked.
    private var _configuration: MailConfiguration
    private var incoming: [Incoming] = []
    private var started = false
    private var stopping = false
    private var flushRequested = false
    private var digestRequested = false
    private var deliveryWake = false
    private var retryNow = false
    private var reconfigured = false
    private var intakeRunning = false
    private var deliveryRunning = false

    init(configuration: MailConfiguration) { _configuration = configuration }

    /// A recorded result as handed in; the intake thread turns it into a ``RecordedResult``.
    struct Incoming: Sendable {
        var result: CheckResult
        var inbox: String
        var resultPath: String
    }

    var configuration: MailConfiguration {
        condition.lock()
        defer { condition.unlock() }
        return _configuration
    }

    func markStarted() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if started || stopping { return false }
        started = true
        intakeRunning = true
        deliveryRunning = true
        return true
    }

    func append(_ record: Incoming) {
        condition.lock()
        defer { condition.unlock() }
        guard _configuration.enabled, !stopping else { return }
        incoming.append(record)
        // Only the first record after a drain needs to wake the intake thread.
        if incoming.count == 1 { condition.broadcast() }
    }

    func reconfigure(_ configuration: MailConfiguration) {
        condition.lock()
        defer { condition.unlock() }
        _configuration = configuration
        reconfigured = true
        retryNow = true
        deliveryWake = true
        condition.broadcast()
    }

    func request(flush: Bool = false, digest: Bool = false) {
        condition.lock()
        defer { condition.unlock() }
        flushRequested = flushRequested || flush
        digestRequested = digestRequested || digest
        condition.broadcast()
    }

    func wakeDelivery() {
        condition.lock()
        defer { condition.unlock() }
        deliveryWake = true
        condition.broadcast()
    }

    /// What the intake loop takes on each wake-up.
    struct IntakeWork {
        var records: [Incoming]
        var configuration: MailConfiguration
        var flush: Bool
        var digest: Bool
        var reconfigured: Bool
        var stopping: Bool
    }

    func waitForIntake(until deadline: Date) -> IntakeWork {
        condition.lock()
        defer { condition.unlock() }
        while incoming.isEmpty && !stopping && !flushRequested && !digestRequested && !reconfigured
            && Date() < deadline
        {
            _ = condition.wait(until: deadline)
        }
        let work = IntakeWork(
            records: incoming, configuration: _configuration, flush: flushRequested, digest: digestRequested,
            reconfigured: reconfigured, stopping: stopping)
        incoming = []
        flushRequested = false
        digestRequested = false
        reconfigured = false
        return work
    }

    /// What the delivery loop takes on each wake-up.
    struct DeliveryWork {
        var configuration: MailConfiguration
        var retryNow: Bool
        var stopping: Bool
    }

    func waitForDelivery(until deadline: Date) -> DeliveryWork {
        condition.lock()
        defer { condition.unlock() }
        while !deliveryWake && !stopping && Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        let work = DeliveryWork(configuration: _configuration, retryNow: retryNow, stopping: stopping)
        deliveryWake = false
        retryNow = false
        return work
    }

    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    func finished(intake: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if intake { intakeRunning = false } else { deliveryRunning = false }
        condition.broadcast()
    }

    /// Stops the loops and waits for them; returns whether they had been started.
    func stopAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        // The intake loop only writes files: wait for it. The delivery loop may be in a sendmail
        // run, which its timeout bounds.
        let limit = Date().addingTimeInterval(max(5, _configuration.sendmailTimeout + 5))
        while (intakeRunning || deliveryRunning) && Date() < limit {
            _ = condition.wait(until: limit)
        }
        return started
    }
}
