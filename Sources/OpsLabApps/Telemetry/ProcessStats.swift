import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `/proc` says about this process (Linux); fields are `nil` where the kernel files are missing.
public struct ProcessStats: Sendable, Equatable {
    /// Resident set size in bytes (`VmRSS`).
    public var residentBytes: Double?
    /// Virtual memory size in bytes (`VmSize`).
    public var virtualBytes: Double?
    /// User plus system CPU time in seconds.
    public var cpuSeconds: Double?
    /// Start time, seconds since the Unix epoch.
    public var startTime: Double?
    /// Open file descriptors.
    public var openFDs: Int?

    /// Creates stats.
    public init(
        residentBytes: Double? = nil, virtualBytes: Double? = nil, cpuSeconds: Double? = nil,
        startTime: Double? = nil, openFDs: Int? = nil
    ) {
        self.residentBytes = residentBytes
        self.virtualBytes = virtualBytes
        self.cpuSeconds = cpuSeconds
        self.startTime = startTime
        self.openFDs = openFDs
    }

    /// Reads the current process's stats from `/proc/self` (all `nil` where `/proc` does not exist).
    public static func current() -> ProcessStats {
        var stats = ProcessStats()
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            stats.residentBytes = kilobytes(named: "VmRSS", in: status)
            stats.virtualBytes = kilobytes(named: "VmSize", in: status)
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if ticks > 0, let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let fields = statFields(stat)
        {
            stats.cpuSeconds = (fields.userTicks + fields.systemTicks) / ticks
            if let procStat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
                let bootTime = bootTime(in: procStat)
            {
                stats.startTime = bootTime + fields.startTicks / ticks
            }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            stats.openFDs = entries.count
        }
        return stats
    }

    /// A `Name:   1234 kB` line of `/proc/self/status`, in bytes.
    static func kilobytes(named name: String, in status: String) -> Double? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let parts = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let value = parts.first.flatMap({ Double($0) }) else { return nil }
            let unit = parts.count > 1 ? parts[1].lowercased() : ""
            return unit == "kb" ? value * 1024 : value
        }
        return nil
    }

    /// utime, stime and starttime (fields 14, 15 and 22) of `/proc/self/stat`, in clock ticks.
    static func statFields(_ stat: String) -> (userTicks: Double, systemTicks: Double, startTicks: Double)? {
        // The command name (field 2) is in parentheses and may contain spaces; fields after it start at 3.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        func field(_ number: Int) -> Double? {
            let index = number - 3
            return index < rest.count ? Double(rest[index]) : nil
        }
        guard let user = field(14), let system = field(15), let start = field(22) else { return nil }
        return (user, system, start)
    }

    /// The `btime` line of `/proc/stat`: boot time in seconds since the epoch.
    static func bootTime(in procStat: String) -> Double? {
        for line in procStat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
