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
            let answer: AgentResponse
            do {
                let (agent, current) = (self.agent, state)
                answer = try await Self.reporting("waiting for the agent (step \(steps))", to: configuration.progress) {
                    try await agent.respond(to: current)
                }
            } catch ReplayAgentError.exhausted {
                say("step \(steps): the replay script ended")
                break
            }
            agentSeconds += Self.seconds(ContinuousClock.now - asked)
            try Task.checkCancellation()
            let response = answer.text
            try record(.assistant, response, usage: answer.usage)
            let (observation, done) = await execute(response, step: steps)
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
            let timeout = configuration.mitigationTimeout
            let verdict =
                submission == nil
                ? try await problem.fault.mitigated(env)
                : try await Self.reporting("judging the mitigation", to: configuration.progress) {
                    try await problem.fault.waitUntilMitigated(env, timeout: timeout)
                }
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
        try session.journal.writeResult(result, extras: ["workload": session.environment.workload.json])
        return result
    }

    private mutating func record(_ role: TraceStep.Role, _ content: String, usage: ReportedTokenUsage? = nil) throws {
        let step = TraceStep(
            role: role, content: content, timestamp: Date(), reportedInputTokens: usage?.input,
            reportedOutputTokens: usage?.output)
        let line = trace.append(step)
        try session.journal.append(line)
    }

    /// Parses and runs one response; returns the observation and whether the episode ends.
    private mutating func execute(_ response: String, step: Int) async -> (String, Bool) {
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
            let shell = session.shell
            let observation = await Self.reporting("step \(step): exec_shell running", to: configuration.progress) {
                await shell.observe(command, timeout: .seconds(timeout))
            }
            return (observation, false)
        case "get_logs":
            let namespace = action.string("namespace") ?? ""
            return (await logs(namespace: namespace, service: action.string("service") ?? ""), false)
        case "get_metrics", "query_metrics", "read_metrics", "get_traces", "read_traces":
            return (await telemetry(action), false)
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

    /// Runs one of the telemetry actions against the cluster's Prometheus and Jaeger.
    private func telemetry(_ action: BoundAction) async -> String {
        let actions = TelemetryActions(client: session.environment.client, workspace: session.journal.workspace)
        let minutes = min(max(action.int("duration") ?? 5, 1), 120)
        switch action.name {
        case "get_metrics":
            return await actions.getMetrics(namespace: action.string("namespace") ?? "", minutes: minutes)
        case "query_metrics": return await actions.queryMetrics(action.string("promql") ?? "")
        case "read_metrics": return actions.readMetrics(action.string("file_path") ?? "")
        case "get_traces": return await actions.getTraces(namespace: action.string("namespace") ?? "", minutes: minutes)
        default: return actions.readTraces(action.string("file_path") ?? "")
        }
    }

    /// The logs of the service's pods (found by the app's service label: `io.kompose.service`, `app` or
    /// `app.kubernetes.io/name`, as the original looks them up), with repeated lines collapsed. More than one
    /// pod: each pod's log comes under a `==> pod <name> <==` header.
    private func logs(namespace: String, service: String) async -> String {
        let missing = "Error: Your service/namespace does not exist. Use kubectl to check."
        let client = session.environment.client
        guard !namespace.isEmpty, !service.isEmpty else { return missing }
        var pods: [String] = []
        for label in ["io.kompose.service", "app", "app.kubernetes.io/name"] where pods.isEmpty {
            let list = try? await client.list(.pods, namespace: namespace, labelSelector: "\(label)=\(service)")
            pods = (list?["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }
        }
        guard !pods.isEmpty else { return missing }
        let kubectl = Kubectl(client: client, defaultNamespace: namespace)
        var parts: [String] = []
        for pod in pods.sorted() {
            let result = await kubectl.run(["logs", pod, "-n", namespace])
            let text: String
            if result.exitCode != 0 {
                text = "[ERROR] \(result.stderr)"
            } else {
                let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                text = LogLineCollapser.collapse(lines).joined(separator: "\n")
            }
            parts.append(pods.count == 1 ? text : "==> pod \(pod) <==\n\(text)")
        }
        return parts.joined(separator: "\n")
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
