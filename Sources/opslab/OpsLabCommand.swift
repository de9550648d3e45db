import ArgumentParser

/// The `opslab` command line.
@main
struct OpsLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opslab",
        abstract: "OpsLab: a laptop-sized, Kubernetes-compatible lab for evaluating AIOps agents.",
        discussion: """
            `opslab demo` runs the whole main job once: a fresh embedded cluster, hotel-reservation deployed,
            a seeded workload, results, teardown. Or step by step: `opslab cluster up --detach`, `opslab deploy
            hotel-reservation`, `opslab load hotel-reservation --rate 100 --duration 30s`, `opslab kubectl …`
            (or real kubectl with the printed kubeconfig), `opslab cluster down`. Not implemented yet: problems,
            faults, agents and `opslab run` — see the README.
            """,
        subcommands: [
            DemoCommand.self, ClusterCommand.self, KubectlCommand.self, DeployCommand.self, UndeployCommand.self,
            LoadCommand.self, BenchCommand.self, PodCommand.self, PodExecCommand.self, RunCommand.self,
            ProblemsCommand.self, ShellCommand.self,
        ]
    )
}
