import Glibc

/// A datagram socket sending to the service manager's notification socket.
///
/// `path` is a file-system path (`/run/systemd/notify`) or, starting with `@`, a name in the
/// abstract namespace. The socket is created once and closed when the value is released.
final class NotifySocket: Sendable {
    /// The address as given (`NOTIFY_SOCKET`).
    let path: String
    private let descriptor: Int32
    private let address: [UInt8]

    /// Opens a datagram socket for `path`, or returns `nil` when the path is empty, not absolute and
    /// not abstract, too long for `sockaddr_un`, or the socket cannot be created.
    init?(path: String) {
        var name = Array(path.utf8)
        guard let first = name.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else { return nil }
        if first == UInt8(ascii: "@") { name[0] = 0 }
        guard name.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        self.path = path
        self.descriptor = descriptor
        self.address = name
    }

    deinit {
        close(descriptor)
    }

    /// Sends `message` as one datagram; returns 0 or the errno of the failure.
    func send(_ message: String) -> Int32 {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { sunPath in
            for (index, byte) in address.enumerated() { sunPath[index] = byte }
        }
        // Abstract names are exactly as long as given; a path carries its terminating NUL.
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let length = pathOffset + address.count + (address.first == 0 ? 0 : 1)
        let bytes = Array(message.utf8)
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                        sendto(
                            descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL),
                            socketAddress, socklen_t(length))
                    }
                }
            }
            if sent >= 0 { return 0 }
            if errno != EINTR { return errno }
        }
    }
}
