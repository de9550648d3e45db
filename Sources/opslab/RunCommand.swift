import ArgumentParser
import Foundation
import OpsLabCore
import OpsLabOrchestrator

/// `opslab run PROBLEM_ID --agent replay:FILE`: one evaluation episode on a fresh embedded cluster.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one problem: fresh cluster, app, workload, fault, the agent loop, evaluation, teardown.",
        discussion: """
            The agent is given the task and acts through exec_shell, get_logs, the telemetry actions \
            (get_metrics, read_metrics, query_metrics, get_traces, read_traces) and submit. Progress goes to \
            stderr; the result JSON is written to <results>/<session>.json and the step journal to \
            <results>/<session>/trace.jsonl. Agents: `replay:FILE` (one action per line, exactly as an agent \
            would write it, e.g. exec_shell("kubectl get pods -n test-hotel-reservation"), then submit(); a comment \
            `# tokens: in=N out=M` before an action reports that turn's token usage). \
            `heuristic` is the no-LLM baseline (pods, events, endpoints, logs; evidence-backed fixes only). \
            LLM agents and the HTTP/MCP front ends are not implemented yet. Ctrl-C recovers the fault and stops \
            the cluster. The workload and the wait after injection follow the problem's fault family (10 req/s \
            exponential, 100 for container_kill; wait until e.g. a crash loop shows, bounded); the flags below \
            override them, and the policy used is recorded as `workload` in the result JSON. For a human at the \
            keyboard instead of an agent, see `opslab shell`.
            """
    )

    @Argument(help: "The problem id, e.g. revoke_auth_mongodb-mitigation-1.")
    var problemID: String

    @Option(help: "The agent: heuristic or replay:FILE.")
    var agent: String?

    @OptionGroup var episode: EpisodeOptions

    @OptionGroup var workload: WorkloadOptions

    func run() async throws {
        let (agent, name) = try RunAgentChoice.make(self.agent)
        let resultsPath = try episode.resultsDirectory()
        let configuration = OrchestratorConfiguration(
            resultsDirectory: resultsPath, seed: episode.seed, maxSteps: episode.maxSteps,
            executablePath: try ProcessControl.executablePath(), workload: workload.overrides,
            progress: { printError("[run] \($0)") })
        let problemID = self.problemID
        let maxSteps = episode.maxSteps
        let task = Task { () throws -> (EvaluationResult, WorkloadRecord?) in
            let orchestrator = Orchestrator(configuration: configuration)
            await orchestrator.register(agent: agent, name: name)
            do {
                _ = try await orchestrator.initProblem(problemID)
                let result = try await orchestrator.startProblem(maxSteps: maxSteps)
                return (result, await orchestrator.lastWorkload)
            } catch {
                await orchestrator.shutdown()
                throw error
            }
        }
        let interrupt = InterruptSignal(cancelling: task)
        defer { interrupt.restore() }
        do {
            let (result, workload) = try await task.value
            print(RunSummary.text(result, resultsDirectory: resultsPath, workload: workload))
        } catch {
            guard task.isCancelled else { throw error }
            printError("interrupted; the fault was recovered and the cluster stopped")
            throw ExitCode(130)
        }
    }
}
