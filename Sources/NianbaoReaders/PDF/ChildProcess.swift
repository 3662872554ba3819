#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to completion with a deadline, capturing its output.
///
/// The child gets `/dev/null` as input, a fixed small environment and pipes for its output. It is
/// killed (`SIGKILL`) when the deadline passes or its output exceeds the cap; `EINTR` is retried.
struct ChildProcess {
    /// How a run ended.
    enum Outcome {
        /// The program exited (or was killed by a signal, given as `128 + signal`).
        case exited(status: Int32, stdout: [UInt8], stderr: [UInt8])
        case timedOut
        case outputTooLarge
        /// The program could not be started; `errno` of `posix_spawn`.
        case failedToStart(Int32)
    }

    var executable: String
    var arguments: [String]
    var timeoutSeconds: Double
    var maxOutputBytes: Int

    /// Runs the program and waits for it, at most ``timeoutSeconds``.
    func run() -> Outcome {
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdoutPipe) == 0 else { return .failedToStart(errno) }
        guard pipe(&stderrPipe) == 0 else {
            close(stdoutPipe[0])
            close(stdoutPipe[1])
            return .failedToStart(errno)
        }
        // Close-on-exec, so that children other threads start meanwhile do not inherit these pipes and
        // hold them open (the child's own copies are made by dup2, which clears the flag).
        for descriptor in stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for descriptor in stdoutPipe + stderrPipe where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let settings: [String] = ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8"]
        let environment: [UnsafeMutablePointer<CChar>?] = settings.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in environment { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
        close(stdoutPipe[1])
        close(stderrPipe[1])
        defer {
            close(stdoutPipe[0])
            close(stderrPipe[0])
        }
        guard spawned == 0 else { return .failedToStart(spawned) }

        let deadline = Self.now() + timeoutSeconds
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open[0] || open[1] {
            let remaining = deadline - Self.now()
            if remaining <= 0 { return kill(pid, outcome: .timedOut) }
            var polls = [
                pollfd(fd: open[0] ? stdoutPipe[0] : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open[1] ? stderrPipe[0] : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&polls, 2, Int32(min(remaining * 1000, 1000) + 1))
            if ready < 0 {
                if errno == EINTR { continue }
                return kill(pid, outcome: .timedOut)
            }
            for index in 0..<2 where open[index] && polls[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(polls[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if index == 0 {
                        stdout += buffer[0..<count]
                    } else if stderr.count < 4096 {
                        stderr += buffer[0..<count]
                    }
                    if stdout.count > maxOutputBytes { return kill(pid, outcome: .outputTooLarge) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
        }
        return .exited(status: wait(pid, deadline: deadline) ?? -1, stdout: stdout, stderr: stderr)
    }

    /// Waits for the child's exit status until the deadline, then kills it.
    private func wait(_ pid: pid_t, deadline: Double) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return nil }
            if Self.now() > deadline {
                _ = kill(pid, outcome: .timedOut)
                return nil
            }
            usleep(2_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private func kill(_ pid: pid_t, outcome: Outcome) -> Outcome {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return outcome
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
