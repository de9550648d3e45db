import Foundation

/// The machine the nodes run on, as cAdvisor's `machine_*` metrics describe it.
public struct MachineInfo: Sendable, Equatable {
    /// Logical CPU cores.
    public var cpuCores: Int
    /// Installed memory in bytes.
    public var memoryBytes: UInt64
    /// `/proc/sys/kernel/random/boot_id`.
    public var bootID: String
    /// `/etc/machine-id`.
    public var machineID: String
    /// The DMI system UUID (empty when unreadable, as without root on many machines).
    public var systemUUID: String

    /// Creates machine facts.
    public init(
        cpuCores: Int, memoryBytes: UInt64, bootID: String = "", machineID: String = "", systemUUID: String = ""
    ) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.bootID = bootID
        self.machineID = machineID
        self.systemUUID = systemUUID
    }

    /// The facts of the running machine.
    public static func current() -> MachineInfo {
        func read(_ path: String) -> String {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return MachineInfo(
            cpuCores: ProcessInfo.processInfo.activeProcessorCount, memoryBytes: ProcessInfo.processInfo.physicalMemory,
            bootID: read("/proc/sys/kernel/random/boot_id"), machineID: read("/etc/machine-id"),
            systemUUID: read("/sys/class/dmi/id/product_uuid")
        )
    }
}
