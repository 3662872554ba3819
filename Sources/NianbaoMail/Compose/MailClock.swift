import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Local-time arithmetic for digest schedules and display.
enum MailClock {
    /// `date` as `2026-11-23 19:18:42` in local time.
    static func display(_ date: Date, seconds: Bool = true) -> String {
        let parts = local(date)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        let time = "\(two(parts.tm_hour)):\(two(parts.tm_min))" + (seconds ? ":\(two(parts.tm_sec))" : "")
        return "\(day) \(time)"
    }

    /// `date`'s local day as `2026-11-23`.
    static func day(_ date: Date) -> String { String(display(date).prefix(10)) }

    private static func local(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return parts
    }

    /// The first time the schedule fires strictly after `date`, or `nil` for `.off`.
    static func next(_ schedule: MailConfiguration.DigestSchedule, after date: Date) -> Date? {
        switch schedule {
        case .off:
            return nil
        case .every(let minutes):
            return date.addingTimeInterval(Double(max(1, minutes)) * 60)
        case .daily(let hour, let minute):
            var parts = local(date)
            parts.tm_hour = Int32(min(max(hour, 0), 23))
            parts.tm_min = Int32(min(max(minute, 0), 59))
            parts.tm_sec = 0
            parts.tm_isdst = -1
            for _ in 0..<3 {
                var copy = parts
                let candidate = Date(timeIntervalSince1970: Double(mktime(&copy)))
                if candidate > date { return candidate }
                parts.tm_mday += 1
            }
            return date.addingTimeInterval(86_400)
        }
    }
}
