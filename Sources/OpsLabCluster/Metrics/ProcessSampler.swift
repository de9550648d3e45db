import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures process groups from `/proc`: one pass lists `/proc`, reads every process's `stat` to learn its
/// group, and reads `status` and counts `fd/` entries only for processes in the groups asked for.
///
/// Linux only; elsewhere (or without `/proc`) a pass finds nothing.
public struct ProcessSampler: Sendable {
    /// Where procfs is mounted.
    public var procRoot: String
    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`).
    public var ticksPerSecond: Double
    /// The page size in bytes.
    public var pageSize: Int64
    /// When the machine booted (`btime` in `/proc/stat`).
    public var bootTime: Date
    /// Whether to count open file descriptors (a directory listing per process).
    public var countsDescriptors: Bool

    /// Creates a sampler for the running machine.
    public init(procRoot: String = "/proc", countsDescriptors: Bool = true) {
        self.procRoot = procRoot
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        self.ticksPerSecond = ticks > 0 ? Double(ticks) : 100
        let page = sysconf(Int32(_SC_PAGESIZE))
        self.pageSize = page > 0 ? Int64(page) : 4096
        let stat = Self.readSmallFile("\(procRoot)/stat") ?? ""
        self.bootTime = Date(timeIntervalSince1970: Self.bootTime(procStat: stat) ?? 0)
        self.countsDescriptors = countsDescriptors
    }

    /// `btime` (seconds since the epoch) from the text of `/proc/stat`.
    public static func bootTime(procStat text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Measures the process groups `groups` (process group ids); groups with no live process are absent.
    public func sample(groups: Set<Int32>) -> [Int32: ProcessGroupUsage] {
        guard !groups.isEmpty else { return [:] }
        var stats: [ProcessStat] = []
        var memory: [Int32: ProcessMemory] = [:]
        var descriptors: [Int32: Int] = [:]
        for pid in Self.processIDs(procRoot: procRoot) {
            guard let text = Self.readSmallFile("\(procRoot)/\(pid)/stat"), let stat = ProcessStat.parse(text) else {
                continue
            }
            guard groups.contains(stat.processGroup) else { continue }
            stats.append(stat)
            if let status = Self.readSmallFile("\(procRoot)/\(pid)/status"), let figures = ProcessMemory.parse(status) {
                memory[pid] = figures
            }
            if countsDescriptors, let count = Self.countEntries("\(procRoot)/\(pid)/fd") {
                descriptors[pid] = count
            }
        }
        return ProcessGroupUsage.aggregate(
            stats: stats, memory: memory, descriptors: descriptors, groups: groups, ticksPerSecond: ticksPerSecond,
            pageSize: pageSize, bootTime: bootTime
        )
    }

    /// The numeric entries of `/proc`.
    static func processIDs(procRoot: String) -> [Int32] {
        guard let directory = opendir(procRoot) else { return [] }
        defer { closedir(directory) }
        var result: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if let first = name.utf8.first, first >= 0x31, first <= 0x39, let pid = Int32(name) { result.append(pid) }
        }
        return result
    }

    /// How many entries a directory has besides `.` and `..`, or `nil` when it cannot be read.
    static func countEntries(_ path: String) -> Int? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 3) { bytes in
                    bytes[0] == 0x2E && (bytes[1] == 0 || (bytes[1] == 0x2E && bytes[2] == 0))
                }
            }
            if !isDot { count += 1 }
        }
        return count
    }

    /// Reads a small procfs file in one go (procfs files report size 0, so no `stat` first).
    static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var length = 0
        while true {
            if length == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let count = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + length, raw.count - length)
            }
            if count < 0 { return nil }
            if count == 0 { break }
            length += count
        }
        return String(decoding: buffer[0..<length], as: UTF8.self)
    }
}
