import Glibc

/// Facts about the machine and process.
public enum SystemInfo {
    /// Cores online.
    public static var processorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Seconds on the monotonic clock.
    public static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Nanoseconds since the epoch (comparable with file mtimes).
    public static func wallNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// The process ID.
    public static var processID: Int32 { getpid() }

    /// Whether `name` matches the shell pattern `pattern` (`fnmatch`, on bytes).
    public static func matches(_ name: FileName, pattern: String) -> Bool {
        BytePath(bytes: name.bytes).withCString { cName in fnmatch(pattern, cName, 0) == 0 }
    }
}
