import Foundation
import Glibc
import Testing

/// The unit's mail decision, tested the way the unit runs sendmail: NoNewPrivileges set, and the
/// group postdrop given as a supplementary group (nianbaod.service.d/50-postfix.conf).
@Suite("Postfix sendmail under NoNewPrivileges")
struct PostdropTests {
    static let postfixInstalled =
        access("/usr/sbin/postdrop", X_OK) == 0 && getgrnam("postdrop") != nil && getuid() == 0

    private var postdropGID: gid_t { getgrnam("postdrop")!.pointee.gr_gid }

    /// A child process in a process group of its own, so that postdrop dies with it.
    private struct Child {
        var pid: pid_t
        var status: Int32?

        /// Waits up to `timeout` seconds for the exit; returns whether it exited.
        mutating func waitForExit(timeout: Double) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                } else if Date() > deadline {
                    return false
                } else {
                    usleep(20_000)
                }
            }
            return true
        }

        /// Kills the whole group and reaps the child.
        mutating func killGroup() {
            kill(-pid, SIGKILL)
            if status == nil { _ = waitForExit(timeout: 10) }
        }
    }

    /// Starts sendmail as `nobody` with no new privileges and the given groups.
    private func sendmail(groups: String) throws -> Child {
        let arguments = [
            "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--groups=\(groups)", "--no-new-privs",
            "/usr/sbin/sendmail", "-t", "-oi",
        ]
        var input: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw JournalTestSupport.Failure(description: "pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addclose(&actions, input[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(input[0])
        guard spawned == 0 else {
            close(input[1])
            throw JournalTestSupport.Failure(description: "posix_spawn setpriv: \(spawned)")
        }
        let message = Array("To: nobody\nSubject: nianbaod NoNewPrivileges test\n\nnianbaod unit test\n".utf8)
        _ = message.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
        close(input[1])
        return Child(pid: pid)
    }

    @Test("with the supplementary group postdrop, sendmail queues the message", .enabled(if: postfixInstalled))
    func queuesWithGroup() throws {
        var child = try sendmail(groups: "65534,\(postdropGID)")
        let exited = child.waitForExit(timeout: 30)
        child.killGroup()
        #expect(exited && child.status == 0)
    }

    @Test("without it, setgid postdrop is powerless under NoNewPrivileges", .enabled(if: postfixInstalled))
    func failsWithoutGroup() throws {
        var child = try sendmail(groups: "65534")
        // postdrop retries "Permission denied" forever; it must not succeed within 3 s.
        let exited = child.waitForExit(timeout: 3)
        child.killGroup()
        #expect(!exited || child.status != 0)
    }
}
