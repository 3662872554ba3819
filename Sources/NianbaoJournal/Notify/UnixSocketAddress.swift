import Glibc

/// A Unix socket address as `sockaddr_un`: a file-system path, or `@name` for a name in the
/// abstract namespace (written with a leading NUL).
struct UnixSocketAddress: Sendable {
    private let name: [UInt8]

    /// The address of `path`, or `nil` when it is empty or too long for `sockaddr_un`.
    init?(_ path: String) {
        var name = Array(path.utf8)
        guard let first = name.first else { return nil }
        if first == UInt8(ascii: "@") { name[0] = 0 }
        guard name.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return nil }
        self.name = name
    }

    /// Whether the name is in the abstract namespace.
    var isAbstract: Bool { name.first == 0 }

    /// Calls `body` with the address and its length: an abstract name exactly as long as given, a
    /// path with its terminating NUL.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { sunPath in
            for (index, byte) in name.enumerated() { sunPath[index] = byte }
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (isAbstract ? 0 : 1)
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
