import ArgumentParser

/// `opslab cluster up|down|status`.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Start, stop and inspect an embedded Kubernetes-compatible cluster.",
        subcommands: [ClusterUpCommand.self, ClusterDownCommand.self, ClusterStatusCommand.self]
    )
}
