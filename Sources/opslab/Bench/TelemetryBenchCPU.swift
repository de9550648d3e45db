import Foundation

/// CPU time spent during a measured step, read from `/proc`: this process (load generator, service proxy, API
/// server and, when on, the observability stack), its direct children (the pods), and the whole machine.
///
/// CPU per request is much less sensitive to other work on the machine than p99 is, so it shows where telemetry's
/// cost goes even when the capacities are noisy.
struct TelemetryBenchCPU: Sendable, Codable, Hashable {
    /// Counters at one instant, in seconds.
    struct Snapshot: Sendable {
        var process: Double
        var pods: Double
        var machineBusy: Double
        var machineTotal: Double

        /// Reads the counters now (zeros where `/proc` is unavailable).
        static func now() -> Snapshot {
            let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
            let me = getpid()
            var process = 0.0
            var pods = 0.0
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for entry in entries {
                guard let pid = Int32(entry), let fields = statFields(pid) else { continue }
                let cpu = (Double(fields.utime) + Double(fields.stime)) / ticks
                if pid == me {
                    process = cpu
                } else if fields.ppid == me {
                    pods += cpu
                }
            }
            let (busy, total) = machineTicks()
            return Snapshot(process: process, pods: pods, machineBusy: busy / ticks, machineTotal: total / ticks)
        }

        /// ppid, utime and stime of a process (fields 4, 14, 15 of `/proc/<pid>/stat`).
        static func statFields(_ pid: Int32) -> (ppid: Int32, utime: UInt64, stime: UInt64)? {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let ppid = Int32(fields[1]), let utime = UInt64(fields[11]),
                let stime = UInt64(fields[12])
            else { return nil }
            return (ppid, utime, stime)
        }

        /// Busy and total ticks of all CPUs from the first line of `/proc/stat`.
        static func machineTicks() -> (busy: Double, total: Double) {
            guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
                let line = text.split(separator: "\n").first
            else { return (0, 0) }
            let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            guard values.count >= 5 else { return (0, 0) }
            let total = values.reduce(0, +)
            let idle = values[3] + values[4]
            return (total - idle, total)
        }
    }

    /// CPU seconds of this process during the step.
    var processSeconds: Double
    /// CPU seconds of the pods during the step.
    var podsSeconds: Double
    /// Busy fraction of the whole machine's CPUs during the step (others' work included).
    var machineBusyFraction: Double
    /// CPU milliseconds per request: this process and the pods together.
    var msPerRequest: Double

    /// The CPU spent between two snapshots, with `requests` completed meanwhile.
    init(before: Snapshot, after: Snapshot, requests: Int) {
        processSeconds = after.process - before.process
        podsSeconds = after.pods - before.pods
        let total = after.machineTotal - before.machineTotal
        machineBusyFraction = total > 0 ? (after.machineBusy - before.machineBusy) / total : 0
        msPerRequest = requests > 0 ? (processSeconds + podsSeconds) * 1000 / Double(requests) : 0
    }
}
