import Foundation
import Glibc

/// A stand-in for the service manager's notification socket: a datagram socket the test reads.
///
/// Used by the journal's and the daemon's tests: start the daemon with `NOTIFY_SOCKET=listener.path` (and `WATCHDOG_USEC=…`), then wait for the
/// messages with ``next(timeout:)`` or ``waitFor(timeout:_:)``.
public final class NotifyListener: @unchecked Sendable {
    /// Why the socket could not be set up, or what did not arrive.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The address to put into `NOTIFY_SOCKET`: a path, or `@name` for an abstract socket.
    public let path: String
    private var descriptor: Int32
    private let directory: String?

    /// Binds a new socket: in a fresh temporary folder, or in the abstract namespace.
    public init(abstract: Bool = false) throws {
        let name: String
        if abstract {
            directory = nil
            name = "@nianbaod-test-\(UUID().uuidString)"
        } else {
            let folder = NSTemporaryDirectory() + "nianbaod-notify-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            directory = folder
            name = folder + "/notify.sock"
        }
        path = name
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            for (index, byte) in bytes.enumerated() { sunPath[index] = byte }
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(description: "bind \(name): errno \(code)")
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Closes the socket but leaves its file, as a service that died does.
    public func closeKeepingFile() {
        close(descriptor)
        descriptor = -1
    }

    /// The next message, or `nil` when none arrives within `timeout` seconds.
    public func next(timeout: Double) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            let ready = poll(&poller, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count >= 0 else { return nil }
            return String(decoding: buffer[..<count], as: UTF8.self)
        }
    }

    /// Every message up to and including the first one for which `matches` holds.
    ///
    /// - Throws: When no matching message arrives within `timeout` seconds; the error lists what did.
    @discardableResult
    public func waitFor(timeout: Double = 10, _ matches: (String) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        while let message = next(timeout: max(0, deadline.timeIntervalSinceNow)) {
            seen.append(message)
            if matches(message) { return seen }
        }
        throw Failure(description: "no matching notification within \(timeout) s; got \(seen)")
    }

    /// Every message arriving within `seconds`.
    public func drain(for seconds: Double) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var seen: [String] = []
        while let message = next(timeout: max(0, deadline.timeIntervalSinceNow)) { seen.append(message) }
        return seen
    }
}
