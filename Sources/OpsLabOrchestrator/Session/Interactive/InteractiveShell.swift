import Foundation
import OpsLabApps
import OpsLabCore
import Synchronization

/// The human-as-agent REPL behind `opslab shell`, over the same ``Orchestrator`` API as `opslab run`.
///
/// Commands: `problems [--app APP] [--task TASK]`, `start PROBLEM_ID`, `help`, `exit`/`quit`/Ctrl-D. `start`
/// sets up the problem (fresh cluster, app, workload, fault) and registers a ``HumanAgent``, so the typed actions
/// go through the orchestrator's parser, executor, journal and evaluator; the episode ends on submit, at the
/// step limit, or on `exit` (and ``interrupt()`` cancels it). Recovery and teardown always run.
public final class InteractiveShell: Sendable {
    /// How `run()` ended.
    public enum Ending: Sendable, Hashable {
        /// `exit`, `quit`, or `exit` inside an episode.
        case exit
        /// The input ended (Ctrl-D, end of the pipe).
        case endOfInput
        /// ``InteractiveShell/interrupt()`` with no episode running, or the task was cancelled.
        case interrupted
    }

    private let input: any InteractiveInput
    private let output: any InteractiveOutput
    private let configuration: OrchestratorConfiguration
    private let maxSteps: Int
    private let problemIDs: [String]
    private let episode = Mutex<Task<Void, Never>?>(nil)

    /// Creates a shell; `problemIDs` are listed and completed (the registry's by default).
    public init(
        input: any InteractiveInput, output: any InteractiveOutput, configuration: OrchestratorConfiguration,
        maxSteps: Int, problemIDs: [String] = ProblemRegistry.ids
    ) {
        self.input = input
        self.output = output
        self.configuration = configuration
        self.maxSteps = maxSteps
        self.problemIDs = problemIDs
    }

    /// Cancels the running episode (its fault is recovered and its cluster stopped); returns `false` when no
    /// episode runs, so the caller can end the shell instead.
    @discardableResult
    public func interrupt() -> Bool {
        episode.withLock { task in
            guard let task else { return false }
            task.cancel()
            return true
        }
    }

    /// Reads and runs commands until `exit`, the end of input, or cancellation.
    public func run() async -> Ending {
        output.write("OpsLab shell: you are the agent. Type `help` for commands, `problems` to list problems.\n")
        let ids = problemIDs
        let apps = AppCatalog.names
        let completer: @Sendable (String) -> InteractiveCompletion = {
            InteractiveCompletion.complete($0, problemIDs: ids, appNames: apps)
        }
        while true {
            if Task.isCancelled { return .interrupted }
            switch await input.readLine(prompt: "opslab> ", completer: completer) {
            case .end: return Task.isCancelled ? .interrupted : .endOfInput
            case .interrupt: continue
            case .line(let line):
                switch InteractiveCommand.parse(line) {
                case .empty: continue
                case .exit: return .exit
                case .help: output.write(Self.help(actions: nil) + "\n")
                case .problems(let app, let task): output.write(listing(app: app, task: task))
                case .invalid(let message): output.write("error: \(message)\n")
                case .action:
                    output.write("error: no episode is running; start one with `start <problem-id>`\n")
                case .start(let id):
                    if let ending = await start(id) { return ending }
                }
            }
        }
    }

    /// The ids matching the filters, one per line, and a count.
    func listing(app: String?, task: TaskKind?) -> String {
        if let app, ProblemRegistry.app(matching: app) == nil {
            return "error: unknown app \"\(app)\"; known apps: \(AppCatalog.names.joined(separator: ", "))\n"
        }
        let wanted = Set(ProblemRegistry.filter(app: app, task: task).map(\.idText))
        let ids = problemIDs.filter { wanted.contains($0) }
        guard !ids.isEmpty else { return "No problems found.\n" }
        return ids.joined(separator: "\n") + "\n\(ids.count == 1 ? "1 problem" : "\(ids.count) problems")\n"
    }

    /// Runs one episode; returns an ending when the shell should stop (the human typed `exit` in it).
    private func start(_ id: String) async -> Ending? {
        let problem: SessionProblem
        do {
            problem = try configuration.resolver(id)
        } catch {
            output.write("error: \(error)\n")
            return nil
        }
        let agent = HumanAgent(
            input: input, output: output, actionNames: problem.actions.names,
            help: Self.help(actions: problem.actions.listing))
        let configuration = self.configuration
        let maxSteps = self.maxSteps
        let output = self.output
        let quit = Mutex(false)
        let task = Task {
            let orchestrator = Orchestrator(configuration: configuration)
            await orchestrator.register(agent: agent, name: "human")
            do {
                _ = try await orchestrator.initProblem(problem.id)
                let result = try await orchestrator.startProblem(maxSteps: maxSteps)
                let summary = EpisodeSummary.text(
                    result, resultsDirectory: configuration.resultsDirectory, workload: await orchestrator.lastWorkload)
                output.write("\n\(summary)\n")
            } catch let error as HumanAgentQuit {
                await orchestrator.shutdown()
                quit.withLock { $0 = true }
                output.write("\(error.description); the fault was recovered and the cluster stopped\n")
            } catch {
                await orchestrator.shutdown()
                if Task.isCancelled {
                    output.write("\nepisode interrupted; the fault was recovered and the cluster stopped\n")
                } else {
                    output.write("error: \(error)\n")
                }
            }
        }
        episode.withLock { $0 = task }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        episode.withLock { $0 = nil }
        if Task.isCancelled { return .interrupted }
        return quit.withLock { $0 } ? .exit : nil
    }

    /// The help text: the commands, and inside an episode the task's actions with their docs.
    public static func help(actions: String?) -> String {
        var text = """
            Commands:
              problems [--app APP] [--task TASK]   list problem ids (tasks: detection, localization, analysis, \
            mitigation)
              start <problem-id>                   set up the problem and start an episode (Tab completes ids)
              help                                 this text
              exit | quit | Ctrl-D                 leave (inside an episode: recover the fault, stop the cluster)
            """
        if let actions {
            text += """

                In an episode, type one action per turn exactly as an agent would write it (bare or in a ``` block),
                e.g. exec_shell("kubectl get pods -n test-hotel-reservation"). The episode ends on submit or at the \
                step limit.

                Actions:

                \(actions)
                """
        }
        return text
    }
}
