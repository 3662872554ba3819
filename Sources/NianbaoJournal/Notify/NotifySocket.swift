import Glibc

/// A datagram socket sending to the service manager's notification socket.
///
/// `path` is a file-system path (`/run/systemd/notify`) or, starting with `@`, a name in the
/// abstract namespace. The socket is created once and closed when the value is released.
final class NotifySocket: Sendable {
    /// The address as given (`NOTIFY_SOCKET`).
    let path: String
    private let descriptor: Int32
    private let address: UnixSocketAddress

    /// Opens a datagram socket for `path`, or returns `nil` when the path is empty, not absolute and
    /// not abstract, too long for `sockaddr_un`, or the socket cannot be created.
    init?(path: String) {
        guard let first = path.utf8.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@"),
            let address = UnixSocketAddress(path)
        else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        self.path = path
        self.descriptor = descriptor
        self.address = address
    }

    deinit {
        close(descriptor)
    }

    /// Sends `message` as one datagram; returns 0 or the errno of the failure.
    func send(_ message: String) -> Int32 {
        let bytes = Array(message.utf8)
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                address.withSocketAddress { socketAddress, length in
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
            if sent >= 0 { return 0 }
            if errno != EINTR { return errno }
        }
    }
}
