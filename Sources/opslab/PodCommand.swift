import ArgumentParser
import Foundation
import OpsLabApps

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `opslab pod`: the hidden entry point the kubelet starts for every container.
///
/// Runs one built-in role with the container's arguments and environment, and exits when its parent (the
/// cluster process) dies, so no pod outlives the cluster.
struct PodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod",
        abstract: "Run one container of a pod (started by the embedded kubelet).",
        shouldDisplay: false
    )

    /// `<namespace>/<name>` of the pod.
    @Option(help: "The pod, as <namespace>/<name>.")
    var pod: String

    /// The container's name.
    @Option(help: "The container's name.")
    var container: String

    /// The built-in role to run.
    @Option(help: "The built-in role to run, e.g. echo.")
    var role: String

    /// The container's command and args, after `--`.
    @Argument(parsing: .postTerminator, help: "The container's command and arguments.")
    var arguments: [String] = []

    func validate() throws {
        let parts = pod.split(separator: "/")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--pod must be <namespace>/<name>, got \"\(pod)\"")
        }
    }

    func run() async throws {
        Self.exitWhenParentDies()
        let code: Int32
        do {
            code = try await Roles.run(
                role: role, arguments: arguments, environment: ProcessInfo.processInfo.environment
            )
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        throw ExitCode(code)
    }

    /// Starts a thread that exits the process as soon as the parent process changes (it died and we were
    /// re-parented).
    static func exitWhenParentDies() {
        let parent = getppid()
        Thread.detachNewThread {
            while true {
                usleep(250_000)
                if getppid() != parent { _exit(0) }
            }
        }
    }
}
