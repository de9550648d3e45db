import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pause image's role (`gcr.io/google-containers/pause`, `registry.k8s.io/pause`): a process that does nothing.
///
/// It opens no port and writes nothing until SIGTERM or SIGINT, then says so on stderr and exits 0, as the
/// real `pause` binary does. Chaos Mesh's pod-failure swaps every container's image for it, so the pod keeps
/// running while its Service gets no answers.
public struct PauseRole: Sendable {
    /// Creates the role.
    public init() {}

    /// Sleeps until SIGTERM/SIGINT; returns 0.
    public func run() async -> Int32 {
        guard let number = await TerminationSignal.wait() else { return 0 }
        let name = number == SIGTERM ? "Terminated" : "Interrupt"
        RoleOutput.writeError("Shutting down, got signal: \(name)\n")
        return 0
    }
}
