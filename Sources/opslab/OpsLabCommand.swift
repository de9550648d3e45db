import ArgumentParser

/// The `opslab` command line.
@main
struct OpsLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opslab",
        abstract: "OpsLab: a laptop-sized, Kubernetes-compatible lab for evaluating AIOps agents.",
        discussion: """
            Start an embedded cluster with `opslab cluster up --detach`, then use `opslab kubectl` (or real
            kubectl with the printed kubeconfig) against it. Not implemented yet: applications (deploy),
            workloads (load), problems and agents (run) — see the README.
            """,
        subcommands: [
            ClusterCommand.self, KubectlCommand.self, PodCommand.self, PodExecCommand.self, DeployCommand.self, UndeployCommand.self,
            LoadCommand.self, BenchCommand.self,
        ]
    )
}
