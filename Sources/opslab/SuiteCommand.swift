import ArgumentParser
import Foundation
import OpsLabCore
import OpsLabOrchestrator

/// `opslab suite --agent heuristic`: runs many problems one after another and scores the agent on all of them.
struct SuiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite",
        abstract: "Run a set of problems with one agent and print a score table.",
        discussion: """
            Each problem runs as `opslab run` would (its own fresh cluster, workload, fault, episode, evaluation, \
            recovery, teardown), one after another. The table lists each problem's outcome, agent steps, TTx, \
            the time from setup start to the agent's first observation and the framework overhead (wall time not \
            spent in the agent); the totals per task and the medians follow. The per-episode result files go to \
            --results as usual and a summary to <results>/suite-<UTC time>.json. Ctrl-C stops after the running \
            episode is cleaned up.
            """
    )

    @Argument(help: "Problem ids to run (default: every problem matching the filters).")
    var problemIDs: [String] = []

    @Option(help: "The agent: heuristic or replay:FILE.")
    var agent: String = "heuristic"

    @Option(help: "Only problems whose id matches this regular expression.")
    var match: String?

    @Option(help: "Only the problems of this task: detection, localization, analysis or mitigation.")
    var task: String?

    @Option(help: "Only the problems of this app, e.g. hotel-reservation.")
    var app: String?

    @OptionGroup var episode: EpisodeOptions

    @OptionGroup var workload: WorkloadOptions

    func validate() throws {
        if let task, TaskKind(rawValue: task.lowercased()) == nil {
            throw ValidationError(
                "unknown task \"\(task)\"; one of \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let match, (try? Regex(match)) == nil { throw ValidationError("--match is not a valid regex: \(match)") }
        for id in problemIDs where !ProblemRegistry.ids.contains(id) {
            let close = ProblemRegistry.closeMatches(id, in: ProblemRegistry.ids)
            throw ValidationError(
                "unknown problem id \"\(id)\""
                    + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"))
        }
    }

    /// The ids to run, in registry order.
    func selectedIDs() throws -> [String] {
        let kind = task.flatMap { TaskKind(rawValue: $0.lowercased()) }
        var ids = problemIDs.isEmpty ? ProblemRegistry.filter(app: app, task: kind).map(\.idText) : problemIDs
        if let match {
            let regex = try Regex(match)
            ids = ids.filter { $0.contains(regex) }
        }
        return ids
    }

    func run() async throws {
        let ids = try selectedIDs()
        guard !ids.isEmpty else { throw ValidationError("no problem matches the filters") }
        _ = try RunAgentChoice.make(agent)
        let resultsPath = try episode.resultsDirectory()
        let configuration = OrchestratorConfiguration(
            resultsDirectory: resultsPath, seed: episode.seed, maxSteps: episode.maxSteps,
            executablePath: try ProcessControl.executablePath(), workload: workload.overrides, progress: nil)
        let agentText = agent
        let maxSteps = episode.maxSteps
        let seed = episode.seed
        let task = Task { () async throws -> SuiteReport in
            var report = SuiteReport(agent: agentText, seed: seed)
            for (index, id) in ids.enumerated() {
                if Task.isCancelled { break }
                let started = Date()
                let entry: SuiteEntry
                do {
                    let (agent, name) = try RunAgentChoice.make(agentText)
                    report.agent = name
                    let orchestrator = Orchestrator(configuration: configuration)
                    await orchestrator.register(agent: agent, name: name)
                    do {
                        _ = try await orchestrator.initProblem(id)
                        let result = try await orchestrator.startProblem(maxSteps: maxSteps)
                        entry = SuiteEntry(result: result, wallSeconds: Date().timeIntervalSince(started))
                    } catch {
                        await orchestrator.shutdown()
                        throw error
                    }
                } catch {
                    let kind = (try? ProblemID(parsing: id))?.task ?? .detection
                    entry = SuiteEntry(
                        problemID: id, task: kind, error: "\(error)", wallSeconds: Date().timeIntervalSince(started))
                }
                report.entries.append(entry)
                printError(
                    "[suite] \(index + 1)/\(ids.count) \(id): \(entry.outcome) "
                        + "(\(String(format: "%.1f", entry.wallSeconds)) s)")
            }
            return report
        }
        let interrupt = InterruptSignal(cancelling: task)
        defer { interrupt.restore() }
        let report = try await task.value
        print(report.text)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let path = (resultsPath as NSString).appendingPathComponent("suite-\(stamp).json")
        try report.json.jsonData(pretty: true).write(to: URL(fileURLWithPath: path), options: .atomic)
        print("summary: \(path)")
        if task.isCancelled { throw ExitCode(130) }
    }
}
