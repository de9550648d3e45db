import ArgumentParser

/// The `opslab` command line.
@main
struct OpsLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opslab",
        abstract: "OpsLab: a laptop-sized, Kubernetes-compatible lab for evaluating AIOps agents.",
        discussion: """
            `opslab run <problem-id> --agent heuristic` runs one problem end to end: a fresh embedded cluster, \
            hotel-reservation deployed, a seeded workload, the fault injected, the agent's episode, evaluation, \
            recovery and teardown. `opslab problems` lists the ids; `opslab shell` lets you be the agent. \
            Step by step: `opslab cluster up --detach`, `opslab deploy hotel-reservation`, `opslab load \
            hotel-reservation --rate 100 --duration 30s`, `opslab kubectl …` (or real kubectl with the printed \
            kubeconfig), `opslab cluster down`. Not done yet: LLM agents, the HTTP/MCP agent server, HTTP, stress \
            and DNS chaos — see the README.
            """,
        subcommands: [
            DemoCommand.self, ClusterCommand.self, KubectlCommand.self, DeployCommand.self, UndeployCommand.self,
            LoadCommand.self, BenchCommand.self, PodCommand.self, PodExecCommand.self, RunCommand.self,
            ProblemsCommand.self, ShellCommand.self, SuiteCommand.self,
        ]
    )
}
