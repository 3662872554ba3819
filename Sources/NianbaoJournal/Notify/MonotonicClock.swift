import Glibc

/// `CLOCK_MONOTONIC`, the clock systemd expects in `MONOTONIC_USEC=`.
enum MonotonicClock {
    /// Microseconds since an arbitrary fixed point (the boot).
    static var microseconds: UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// Nanoseconds since an arbitrary fixed point (the boot).
    static var nanoseconds: UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
