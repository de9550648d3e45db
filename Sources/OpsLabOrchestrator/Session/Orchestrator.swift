import Foundation
import OpsLabCore
import OpsLabFaults
import OpsLabKube

/// Runs evaluation sessions in AIOpsLab's shape: register an agent, `initProblem`, `startProblem`.
///
/// `initProblem` starts a fresh embedded cluster in this process, deploys the app, starts a background workload
/// and injects the fault. `startProblem` runs the agent loop, journals every step to
/// `<results>/<session>/trace.jsonl`, evaluates, writes `<results>/<session>.json` atomically, and — whatever
/// happens (submission, max steps, agent error, cancellation) — recovers the fault and tears the system down.
public actor Orchestrator {
    /// The OpsLab version recorded in results.
    public static let version = "0.1.0-dev"
    /// The message appended to every observation, as in the original.
    public static let nextActionPrompt = "Please take the next action"

    /// The configuration.
    public let configuration: OrchestratorConfiguration
    private var agent: (any Agent)?
    private var agentName = "agent"
    private var session: SessionState?

    /// Creates an orchestrator.
    public init(configuration: OrchestratorConfiguration) {
        self.configuration = configuration
    }

    /// Registers the agent for the next sessions.
    public func register(agent: any Agent, name: String) {
        self.agent = agent
        self.agentName = name
    }

    /// The current session's id, if one is initialised.
    public var sessionID: String? { session?.journal.sessionID }

    /// The workload policy and symptom wait of the latest session set up by ``initProblem(_:)`` (kept after the
    /// session ends; also written to the results file as `workload`).
    public private(set) var lastWorkload: WorkloadRecord?

    /// Sets up `id`'s live system and returns what the agent is told: the task description, the instructions and
    /// the actions (name → docstring). A session set up before and never started is torn down first.
    public func initProblem(
        _ id: String
    ) async throws -> (
        description: String, instructions: String, actions: [String: String]
    ) {
        await shutdown()
        let problem = try configuration.resolver(id)
        let sessionID = UUID().uuidString.lowercased()
        let setupStart = Date()
        configuration.progress?("setting up session \(sessionID)")
        let environment = try await SessionEnvironment.start(
            problem, configuration: configuration, sessionID: sessionID)
        lastWorkload = environment.workload
        let journal = SessionJournal(resultsDirectory: configuration.resultsDirectory, sessionID: sessionID)
        do {
            try journal.prepare()
        } catch {
            await Self.cleanUp(problem: problem, environment: environment, progress: configuration.progress)
            throw error
        }
        let shell = ShellExecutor(
            kubectl: Kubectl(client: environment.client, defaultNamespace: "default"), workspace: journal.workspace,
            clusterAddresses: environment.clusterAddresses)
        session = SessionState(
            problem: problem, environment: environment, journal: journal, shell: shell, setupStart: setupStart)
        return (problem.description, problem.instructions, problem.actions.docs)
    }

    /// Runs the agent loop for at most `maxSteps` agent turns, evaluates, writes the result and tears down.
    public func startProblem(maxSteps: Int) async throws -> EvaluationResult {
        guard let session else { throw OrchestratorError.noProblem }
        self.session = nil
        guard let agent else {
            await Self.cleanUp(session, progress: configuration.progress)
            throw OrchestratorError.noAgent
        }
        let result: EvaluationResult
        do {
            var episode = SessionEpisode(
                session: session, agent: agent, agentName: agentName, configuration: configuration)
            result = try await episode.run(maxSteps: maxSteps)
        } catch {
            await Self.cleanUp(session, progress: configuration.progress)
            throw error
        }
        await Self.cleanUp(session, progress: configuration.progress)
        return result
    }

    /// Recovers the fault and tears down a session that was initialised but not run.
    public func shutdown() async {
        guard let session else { return }
        self.session = nil
        await Self.cleanUp(session, progress: configuration.progress)
    }

    private static func cleanUp(_ session: SessionState, progress: (@Sendable (String) -> Void)?) async {
        await cleanUp(problem: session.problem, environment: session.environment, progress: progress)
    }

    /// Recovery then teardown, in a task of its own so that a cancelled caller still gets both.
    private static func cleanUp(
        problem: SessionProblem, environment: SessionEnvironment, progress: (@Sendable (String) -> Void)?
    ) async {
        await Task {
            do {
                try await problem.fault.recover(environment.faultEnvironment)
                progress?("recovered")
            } catch {
                progress?("recovery failed: \(error)")
            }
            await environment.stop()
            progress?("cluster stopped")
        }.value
    }
}

/// An initialised session: the problem, its live system, its files and its shell.
struct SessionState: Sendable {
    let problem: SessionProblem
    let environment: SessionEnvironment
    let journal: SessionJournal
    let shell: any SessionShell
    let setupStart: Date
}
