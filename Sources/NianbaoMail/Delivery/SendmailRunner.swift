import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs sendmail once as a child process with a message file as its standard input.
///
/// The child is started with `posix_spawn` in a process group of its own, with an empty signal
/// mask and default signal dispositions; on timeout the whole group is killed (Postfix's sendmail
/// runs `postdrop` as a child, which must not be left behind). Standard output and error are
/// captured (the first 4 KiB) for the log.
struct SendmailRunner: Sendable {
    /// How one run ended.
    enum Outcome: Sendable, Equatable {
        /// The program exited with this status.
        case exited(Int32)
        /// The program was killed by this signal (not by us).
        case signaled(Int32)
        /// It ran longer than the timeout and was killed.
        case timedOut
        /// It could not be started (missing binary, not executable…): `errno` and its text.
        case spawnFailed(Int32, String)

        /// Whether the message was handed over.
        var succeeded: Bool { self == .exited(0) }
    }

    var path: String
    var arguments: [String]
    var timeout: Double

    /// Runs the program with the file at `inputPath` as standard input.
    /// - Returns: how it ended and what it printed.
    func run(inputPath: String) -> (outcome: Outcome, output: String) {
        let input = open(inputPath, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            let code = errno
            return (.spawnFailed(code, "cannot open spool entry: \(String(cString: strerror(code)))"), "")
        }
        defer { close(input) }
        var pipeEnds: [Int32] = [-1, -1]
        // pipe2 is not visible without _GNU_SOURCE; set close-on-exec right after.
        guard pipe(&pipeEnds) == 0 else {
            let code = errno
            return (.spawnFailed(code, "pipe: \(String(cString: strerror(code)))"), "")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return (.spawnFailed(spawned, String(cString: strerror(spawned))), "")
        }
        defer { close(readEnd) }
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0.01, timeout) * 1e9)
        var status: Int32 = 0
        while true {
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 20)
            drain(readEnd, into: &output, buffer: &buffer)
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR {
                // Someone else reaped the child: its status is unknown, so the run counts as failed.
                return (.signaled(0), Self.text(output))
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                drain(readEnd, into: &output, buffer: &buffer)
                return (.timedOut, Self.text(output))
            }
        }
        drain(readEnd, into: &output, buffer: &buffer)
        let signal = status & 0x7F
        if signal == 0 { return (.exited((status >> 8) & 0xFF), Self.text(output)) }
        return (.signaled(signal), Self.text(output))
    }

    private func drain(_ fd: Int32, into output: inout [UInt8], buffer: inout [UInt8]) {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            if output.count < 4096 { output += buffer[0..<min(n, 4096 - output.count)] }
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        MailText.visible(String(decoding: bytes, as: UTF8.self))
    }
}
