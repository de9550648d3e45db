import Foundation

/// What one process group (one container) uses at one moment, summed over its live processes.
///
/// Memory comes from each process's `/proc/<pid>/status`; there is no cgroup here, so there is no page-cache
/// accounting: `workingSetBytes` and `usageBytes` are both the summed `VmRSS` (anonymous + file-backed + shared
/// resident pages), where cAdvisor would add the cgroup's page cache to usage and subtract inactive files from it.
/// Pages shared between processes of a group are counted once per process, as `VmRSS` counts them.
public struct ProcessGroupUsage: Sendable, Equatable {
    /// CPU time in user mode, seconds (live processes plus the children they have waited for).
    public var userSeconds: Double
    /// CPU time in kernel mode, seconds.
    public var systemSeconds: Double
    /// Summed `VmRSS` in bytes.
    public var residentBytes: Int64
    /// Summed `RssAnon` in bytes (cAdvisor's `rss`: anonymous memory).
    public var anonymousBytes: Int64
    /// Summed `RssFile` in bytes (cAdvisor's `mapped_file`).
    public var fileBytes: Int64
    /// Threads across the group.
    public var threads: Int
    /// Processes in the group.
    public var processes: Int
    /// Open file descriptors across the group (`nil` when `/proc/<pid>/fd` could not be read).
    public var fileDescriptors: Int?
    /// When the group's leader started.
    public var startTime: Date?

    /// Creates a usage record.
    public init(
        userSeconds: Double = 0, systemSeconds: Double = 0, residentBytes: Int64 = 0, anonymousBytes: Int64 = 0,
        fileBytes: Int64 = 0, threads: Int = 0, processes: Int = 0, fileDescriptors: Int? = nil,
        startTime: Date? = nil
    ) {
        self.userSeconds = userSeconds
        self.systemSeconds = systemSeconds
        self.residentBytes = residentBytes
        self.anonymousBytes = anonymousBytes
        self.fileBytes = fileBytes
        self.threads = threads
        self.processes = processes
        self.fileDescriptors = fileDescriptors
        self.startTime = startTime
    }

    /// User plus system CPU seconds.
    public var cpuSeconds: Double { userSeconds + systemSeconds }

    /// Sums per-process records into per-group usage for the groups asked for.
    ///
    /// - Parameters:
    ///   - stats: every process's stat record (processes outside `groups` are ignored).
    ///   - memory: memory per pid; a process without an entry adds `residentPages × pageSize` to `VmRSS` only.
    ///   - descriptors: open descriptors per pid; a group with a process missing here reports `nil`.
    ///   - ticksPerSecond: `sysconf(_SC_CLK_TCK)`.
    ///   - bootTime: when the machine booted (`btime` in `/proc/stat`), for the leader's start time.
    public static func aggregate(
        stats: [ProcessStat], memory: [Int32: ProcessMemory], descriptors: [Int32: Int], groups: Set<Int32>,
        ticksPerSecond: Double, pageSize: Int64, bootTime: Date
    ) -> [Int32: ProcessGroupUsage] {
        var result: [Int32: ProcessGroupUsage] = [:]
        var missingDescriptors: Set<Int32> = []
        for stat in stats where groups.contains(stat.processGroup) {
            var usage = result[stat.processGroup] ?? ProcessGroupUsage(fileDescriptors: 0)
            usage.userSeconds += Double(stat.userTicks + stat.childUserTicks) / ticksPerSecond
            usage.systemSeconds += Double(stat.systemTicks + stat.childSystemTicks) / ticksPerSecond
            if let figures = memory[stat.pid] {
                usage.residentBytes += figures.resident
                usage.anonymousBytes += figures.anonymous
                usage.fileBytes += figures.file
            } else {
                usage.residentBytes += stat.residentPages * pageSize
            }
            usage.threads += stat.threads
            usage.processes += 1
            if let count = descriptors[stat.pid] {
                usage.fileDescriptors = (usage.fileDescriptors ?? 0) + count
            } else {
                missingDescriptors.insert(stat.processGroup)
            }
            if stat.pid == stat.processGroup {
                usage.startTime = bootTime.addingTimeInterval(Double(stat.startTicks) / ticksPerSecond)
            }
            result[stat.processGroup] = usage
        }
        for group in missingDescriptors { result[group]?.fileDescriptors = nil }
        return result
    }
}
