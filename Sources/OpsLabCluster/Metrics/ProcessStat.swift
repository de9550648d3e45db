/// One process's counters as `/proc/<pid>/stat` gives them (see proc(5)).
///
/// Times are in clock ticks (`sysconf(_SC_CLK_TCK)`), the start time in ticks since boot, the resident set in
/// pages. `childUserTicks`/`childSystemTicks` are the times of children the process has waited for, which keeps a
/// process group's CPU counter from dropping when a short-lived child exits.
public struct ProcessStat: Sendable, Equatable {
    /// The process id (field 1).
    public var pid: Int32
    /// The process group id (field 5): a container's processes share the group its first process leads.
    public var processGroup: Int32
    /// User-mode time in ticks (field 14, `utime`).
    public var userTicks: UInt64
    /// Kernel-mode time in ticks (field 15, `stime`).
    public var systemTicks: UInt64
    /// User-mode time of waited-for children (field 16, `cutime`).
    public var childUserTicks: UInt64
    /// Kernel-mode time of waited-for children (field 17, `cstime`).
    public var childSystemTicks: UInt64
    /// The number of threads (field 20).
    public var threads: Int
    /// When the process started, in ticks after boot (field 22).
    public var startTicks: UInt64
    /// The resident set in pages (field 24).
    public var residentPages: Int64

    /// Creates a stat record.
    public init(
        pid: Int32, processGroup: Int32, userTicks: UInt64, systemTicks: UInt64, childUserTicks: UInt64 = 0,
        childSystemTicks: UInt64 = 0, threads: Int, startTicks: UInt64, residentPages: Int64
    ) {
        self.pid = pid
        self.processGroup = processGroup
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.childUserTicks = childUserTicks
        self.childSystemTicks = childSystemTicks
        self.threads = threads
        self.startTicks = startTicks
        self.residentPages = residentPages
    }

    /// Parses the one line of `/proc/<pid>/stat`, or returns `nil` when it is malformed.
    ///
    /// The command name (field 2) is in parentheses and may itself contain spaces and parentheses, so the fields
    /// after it are counted from the last `)`.
    public static func parse(_ text: Substring) -> ProcessStat? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        guard let pid = Int32(text[text.startIndex..<open].trimmingSpaces) else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // rest[0] is field 3 (state), so field N is rest[N - 3].
        guard rest.count >= 22 else { return nil }
        func unsigned(_ field: Int) -> UInt64? { UInt64(rest[field - 3]) }
        guard let group = Int32(rest[5 - 3]), let user = unsigned(14), let system = unsigned(15),
            let childUser = Int64(rest[16 - 3]), let childSystem = Int64(rest[17 - 3]),
            let threads = Int(rest[20 - 3]), let start = unsigned(22), let pages = Int64(rest[24 - 3])
        else { return nil }
        return ProcessStat(
            pid: pid, processGroup: group, userTicks: user, systemTicks: system,
            childUserTicks: UInt64(max(childUser, 0)), childSystemTicks: UInt64(max(childSystem, 0)),
            threads: threads, startTicks: start, residentPages: pages
        )
    }

    /// Parses `/proc/<pid>/stat`.
    public static func parse(_ text: String) -> ProcessStat? {
        parse(text[...])
    }
}

/// The memory figures of one process from `/proc/<pid>/status`, in bytes.
public struct ProcessMemory: Sendable, Equatable {
    /// `VmRSS`: everything resident (anonymous, file-backed and shared memory).
    public var resident: Int64
    /// `RssAnon`: resident anonymous memory (heap, stacks) — what cAdvisor calls `rss`.
    public var anonymous: Int64
    /// `RssFile`: resident file-backed pages (the binary, libraries, mapped files).
    public var file: Int64
    /// `RssShmem`: resident shared memory.
    public var shared: Int64

    /// Creates a memory record.
    public init(resident: Int64, anonymous: Int64 = 0, file: Int64 = 0, shared: Int64 = 0) {
        self.resident = resident
        self.anonymous = anonymous
        self.file = file
        self.shared = shared
    }

    /// Parses `/proc/<pid>/status`; `nil` when it has no `VmRSS` line (a kernel thread or a zombie).
    public static func parse(_ text: String) -> ProcessMemory? {
        var values: [Substring: Int64] = [:]
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("VmRSS:") || line.hasPrefix("Rss") else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kilobytes = Int64(fields[1]) else { continue }
            values[fields[0].dropLast()] = kilobytes * 1024
        }
        guard let resident = values["VmRSS"] else { return nil }
        return ProcessMemory(
            resident: resident, anonymous: values["RssAnon"] ?? 0, file: values["RssFile"] ?? 0,
            shared: values["RssShmem"] ?? 0
        )
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
