import Glibc

/// One inotify instance: owns the descriptor, adds and removes watches, and reads events as values.
///
/// Reading waits with `poll` on the inotify descriptor and a wake-up pipe, so ``wake()`` ends a
/// wait at once (for shutdown) and a timeout lets the reader report that it is alive.
public final class Inotify: @unchecked Sendable {
    /// The event bits the daemon uses.
    public struct Mask: OptionSet, Sendable, Hashable {
        /// The `IN_*` bits.
        public let rawValue: UInt32
        /// The given bits.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// `IN_CLOSE_WRITE`: a file opened for writing was closed.
        public static let closeWrite = Mask(rawValue: UInt32(IN_CLOSE_WRITE))
        /// `IN_MOVED_TO`: an entry was renamed into the folder.
        public static let movedTo = Mask(rawValue: UInt32(IN_MOVED_TO))
        /// `IN_DELETE_SELF`: the watched folder was deleted.
        public static let deleteSelf = Mask(rawValue: UInt32(IN_DELETE_SELF))
        /// `IN_MOVE_SELF`: the watched folder was moved.
        public static let moveSelf = Mask(rawValue: UInt32(IN_MOVE_SELF))
        /// `IN_IGNORED`: the watch was removed.
        public static let ignored = Mask(rawValue: UInt32(IN_IGNORED))
        /// `IN_Q_OVERFLOW`: events were lost.
        public static let queueOverflow = Mask(rawValue: UInt32(IN_Q_OVERFLOW))
        /// `IN_ISDIR`: the entry is a folder.
        public static let isDirectory = Mask(rawValue: UInt32(IN_ISDIR))
        /// `IN_ONLYDIR`: watch only if the path is a folder.
        public static let onlyDirectory = Mask(rawValue: UInt32(IN_ONLYDIR))
        /// `IN_DONT_FOLLOW`: do not follow a symbolic link.
        public static let doNotFollow = Mask(rawValue: UInt32(IN_DONT_FOLLOW))

        /// What an inbox watch asks for (`IN_Q_OVERFLOW` and `IN_IGNORED` always come). The inbox
        /// path itself may be a symbolic link to a folder; entries inside are never followed.
        public static let inbox: Mask = [.closeWrite, .movedTo, .deleteSelf, .moveSelf, .onlyDirectory]
    }

    /// One event.
    public struct Event: Sendable, Hashable {
        /// The watch, or -1 for a queue overflow.
        public var watch: Int32
        /// What happened.
        public var mask: Mask
        /// The entry inside the watched folder, when the event is about one.
        public var name: FileName?
    }

    private let descriptor: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// The buffer events are read into, made once: allocating and zeroing 256 KiB per wake-up
    /// cost a mapping and 64 page faults each time. Only ``read(timeout:)`` uses it, from one thread.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)

    /// - Throws: ``SystemError`` when the instance cannot be created (`fs.inotify.max_user_instances`).
    public init() throws(SystemError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor < 0 { throw SystemError("inotify_init1") }
        var pipeEnds: [Int32] = [0, 0]
        if pipe(&pipeEnds) != 0 {
            let error = SystemError("pipe")
            close(descriptor)
            throw error
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        self.descriptor = descriptor
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
        close(wakeRead)
        close(wakeWrite)
    }

    /// Watches the folder at `path`; returns the watch descriptor (the same one again for the same
    /// inode).
    public func addWatch(_ path: BytePath, mask: Mask = .inbox) throws(SystemError) -> Int32 {
        let watch = path.withCString { inotify_add_watch(descriptor, $0, mask.rawValue) }
        if watch < 0 { throw SystemError("inotify_add_watch", path: path) }
        return watch
    }

    /// Stops a watch; an already removed watch is not an error.
    public func removeWatch(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)
    }

    /// Ends a running or the next ``read(timeout:)`` at once.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Waits up to `timeout` seconds for events and returns all that are queued (possibly none).
    public func read(timeout: Double) throws(SystemError) -> [Event] {
        var fds = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        let ready = Glibc.poll(&fds, 2, Int32(timeout * 1000))
        if ready < 0 {
            if errno == EINTR { return [] }
            throw SystemError("poll")
        }
        if fds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            _ = Glibc.read(wakeRead, &drain, drain.count)
        }
        guard fds[0].revents != 0 else { return [] }
        var events: [Event] = []
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                throw SystemError("read inotify")
            }
            if count == 0 { break }
            Self.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), into: &events)
        }
        return events
    }

    private static func parse(_ raw: UnsafeRawBufferPointer, into events: inout [Event]) {
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while offset + headerSize <= raw.count {
            let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            var name: FileName?
            if length > 0 {
                let start = offset + headerSize
                var nameBytes = Array(raw[start..<min(start + length, raw.count)])
                if let end = nameBytes.firstIndex(of: 0) { nameBytes.removeSubrange(end...) }
                if !nameBytes.isEmpty { name = FileName(bytes: nameBytes) }
            }
            events.append(Event(watch: watch, mask: Mask(rawValue: mask), name: name))
            offset += headerSize + length
        }
    }
}
