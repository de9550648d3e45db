import Foundation
import OpsLabCore
import OpsLabFaults
import OpsLabKube

/// One run of the agent loop over an initialised session: ask, parse, execute, journal; then evaluate.
struct SessionEpisode {
    let session: SessionState
    let agent: any Agent
    let agentName: String
    let configuration: OrchestratorConfiguration
    private var trace = SessionTrace()
    private var submission: Submission?
    private var agentSeconds = 0.0

    init(session: SessionState, agent: any Agent, agentName: String, configuration: OrchestratorConfiguration) {
        self.session = session
        self.agent = agent
        self.agentName = agentName
        self.configuration = configuration
    }

    /// Runs the loop and returns the written result. Agent errors other than a finished replay script and
    /// cancellation are rethrown (the caller tears down).
    mutating func run(maxSteps: Int) async throws -> EvaluationResult {
        let problem = session.problem
        var state = "\(problem.prompt)\n\n\(Orchestrator.nextActionPrompt)"
        let start = Date()
        var steps = 0
        while steps < maxSteps {
            steps += 1
            let asked = ContinuousClock.now
            let response: String
            do {
                response = try await agent.getAction(state)
            } catch ReplayAgentError.exhausted {
                say("step \(steps): the replay script ended")
                break
            }
            agentSeconds += Self.seconds(ContinuousClock.now - asked)
            try Task.checkCancellation()
            try record(.assistant, response)
            let (observation, done) = await execute(response)
            try record(.env, observation)
            say("step \(steps): \(Self.summary(response)) → \(Self.summary(observation))")
            if done { break }
            state = "\(observation)\n\(Orchestrator.nextActionPrompt)"
        }
        if steps >= maxSteps, submission == nil { say("reached the step limit (\(maxSteps)) without a submission") }
        let end = Date()
        var mitigated: Bool?
        if problem.task == .mitigation {
            let env = session.environment.faultEnvironment
            let verdict =
                submission == nil
                ? try await problem.fault.mitigated(env)
                : try await problem.fault.waitUntilMitigated(env, timeout: configuration.mitigationTimeout)
            say("mitigation check: \(verdict)")
            mitigated = verdict.success
        }
        let timing = EpisodeTiming(setupStart: session.setupStart, start: start, end: end, agentSeconds: agentSeconds)
        let input = EvaluationInput(
            task: problem.task, truth: problem.groundTruth, submission: submission, timing: timing, trace: trace,
            mitigationSucceeded: mitigated)
        let result = EvaluationResult(
            agent: agentName, sessionID: session.journal.sessionID,
            problemID: (try? ProblemID(parsing: problem.id)) ?? ProblemID(family: problem.id, task: problem.task),
            startTime: start, endTime: end, trace: trace, results: Evaluator.evaluate(input),
            groundTruth: problem.groundTruth, solution: submission?.json ?? .null, seed: configuration.seed,
            version: Orchestrator.version)
        try session.journal.writeResult(result)
        return result
    }

    private mutating func record(_ role: TraceStep.Role, _ content: String) throws {
        let line = trace.append(TraceStep(role: role, content: content, timestamp: Date()))
        try session.journal.append(line)
    }

    /// Parses and runs one response; returns the observation and whether the episode ends.
    private mutating func execute(_ response: String) async -> (String, Bool) {
        let catalog = session.problem.actions
        let action: BoundAction
        do {
            action = try catalog.parse(response)
        } catch {
            return (error.description, false)
        }
        switch action.name {
        case "exec_shell":
            let command = action.string("command") ?? ""
            let timeout = min(max(action.int("timeout") ?? 30, 1), 300)
            return (await session.shell.observe(command, timeout: .seconds(timeout)), false)
        case "get_logs":
            let namespace = action.string("namespace") ?? ""
            return (await logs(namespace: namespace, service: action.string("service") ?? ""), false)
        case "submit":
            do {
                submission = try catalog.submission(from: action, task: session.problem.task)
            } catch {
                return (error.description, false)
            }
            return ("Submission received.", true)
        default:
            return ("Invalid action: \(action.name)", false)
        }
    }

    /// The logs of the first pod of `service` (found by the app's service label), with repeats collapsed.
    private func logs(namespace: String, service: String) async -> String {
        let missing = "Error: Your service/namespace does not exist. Use kubectl to check."
        let client = session.environment.client
        guard !namespace.isEmpty, !service.isEmpty,
            let pods = try? await client.list(
                .pods, namespace: namespace, labelSelector: "io.kompose.service=\(service)"),
            let pod = pods["items"]?.arrayValue?.first?[path: ["metadata", "name"]]?.stringValue
        else { return missing }
        let result = await Kubectl(client: client, defaultNamespace: namespace).run(["logs", pod, "-n", namespace])
        if result.exitCode != 0 { return "[ERROR] \(result.stderr)" }
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return LogLineCollapser.collapse(lines).joined(separator: "\n")
    }

    private func say(_ line: String) { configuration.progress?(line) }

    /// The first line of `text`, at most 100 characters.
    static func summary(_ text: String) -> String {
        let compact = text.replacingOccurrences(of: "```", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let first = compact.split(separator: "\n").first.map(String.init) ?? ""
        return first.count > 100 ? String(first.prefix(99)) + "…" : first
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
