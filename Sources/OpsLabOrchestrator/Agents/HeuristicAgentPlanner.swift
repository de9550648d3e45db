import Foundation
import OpsLabCore

/// The heuristic agent's investigation as a value: which probe comes next, and what each observation means.
///
/// Order: pods, events, deployments, endpoints, services; then per-suspect checks (targetPort against the
/// container port, nodeSelector, logs); then, for mitigation, only the fixes the evidence justifies; then submit.
/// It never takes more than ``maxSteps`` actions.
public struct HeuristicAgentPlanner: Sendable {
    /// One step of the investigation.
    public enum Probe: Sendable, Hashable {
        /// `kubectl get pods`.
        case pods
        /// `kubectl get events --sort-by=.lastTimestamp`.
        case events
        /// `kubectl get deploy`.
        case deployments
        /// `kubectl get endpoints`.
        case endpoints
        /// `kubectl get svc`.
        case services
        /// A Service's first targetPort.
        case targetPort(String)
        /// A Deployment's first container port.
        case containerPort(String)
        /// A Deployment's nodeSelector.
        case nodeSelector(String)
        /// `get_logs` of a service.
        case logs(String)
        /// `query_metrics`: failed outbound calls by caller, peer and code.
        case clientFailures
        /// `kubectl get deploy` with each one's image and command.
        case workloads
        /// `kubectl get pods` with each one's image and last termination.
        case podDetails
        /// `get_traces` of the namespace, last minute.
        case getTraces
        /// `read_traces` of an exported file.
        case readTraces(String)
        /// A datastore Deployment's env (the users it declares).
        case datastoreEnv(String)
        /// A mitigation command.
        case fix(String)
        /// The task's submit call.
        case submit
    }

    /// The task being worked on.
    public let task: HeuristicAgentTask
    /// The most actions it takes, submit included.
    public let maxSteps: Int
    /// What it has learned.
    public private(set) var evidence = HeuristicAgentEvidence()
    /// Probes still to run.
    public private(set) var queue: [Probe] = [
        .pods, .events, .deployments, .endpoints, .services, .clientFailures, .workloads, .podDetails,
    ]
    /// The probe whose observation is awaited.
    public private(set) var pending: Probe?
    /// Actions taken so far.
    public private(set) var steps = 0
    private var targetPorts: [String: String] = [:]
    private var fixesPlanned = false
    private var suspectsPlanned = false
    private var rechecked = false
    private var followUpsPlanned = false
    private var tracesPlanned = false
    /// Whether the agent should let the system settle before sending the action just returned: set when a
    /// failure is seen but not yet explained (a pod that is crashing may not have logged why yet).
    public private(set) var pauseRequested = false

    /// Starts an investigation.
    public init(task: HeuristicAgentTask, maxSteps: Int = 20) {
        self.task = task
        self.maxSteps = maxSteps
    }

    /// The conclusion the evidence supports now.
    public var diagnosis: HeuristicAgentDiagnosis { HeuristicAgentDiagnosis(evidence) }

    /// Records the observation of the pending probe, then returns the next action as one fenced call.
    public mutating func next(observation: String?) -> String {
        if let pending, let observation { absorb(pending, observation) }
        pending = nil
        pauseRequested = false
        if !suspectsPlanned, queue.isEmpty { planSuspectChecks() }
        if suspectsPlanned, !followUpsPlanned, queue.isEmpty { planFollowUps() }
        if followUpsPlanned, !rechecked, queue.isEmpty, needsRecheck {
            rechecked = true
            suspectsPlanned = false
            followUpsPlanned = false
            pauseRequested = true
            queue = [.pods, .deployments, .endpoints]
        }
        if followUpsPlanned, !fixesPlanned, queue.isEmpty { planFixes() }
        var probe = queue.isEmpty ? Probe.submit : queue.removeFirst()
        if steps >= maxSteps - 1 { probe = .submit }
        steps += 1
        pending = probe
        return "```\n\(call(for: probe))\n```"
    }

    /// The call text of a probe.
    public func call(for probe: Probe) -> String {
        let ns = task.namespace
        switch probe {
        case .pods: return Self.shell("kubectl get pods -n \(ns)")
        case .events: return Self.shell("kubectl get events -n \(ns) --sort-by=.lastTimestamp")
        case .deployments: return Self.shell("kubectl get deploy -n \(ns)")
        case .endpoints: return Self.shell("kubectl get endpoints -n \(ns)")
        case .services: return Self.shell("kubectl get svc -n \(ns)")
        case .targetPort(let svc):
            return Self.shell("kubectl get svc \(svc) -n \(ns) -o jsonpath='{.spec.ports[0].targetPort}'")
        case .containerPort(let svc):
            let path = "{.spec.template.spec.containers[0].ports[0].containerPort}"
            return Self.shell("kubectl get deploy \(svc) -n \(ns) -o jsonpath='\(path)'")
        case .nodeSelector(let svc):
            return Self.shell("kubectl get deploy \(svc) -n \(ns) -o jsonpath='{.spec.template.spec.nodeSelector}'")
        case .logs(let svc): return "get_logs(\(Self.literal(ns)), \(Self.literal(svc)))"
        case .clientFailures:
            let selector = #"{namespace="\#(ns)", code=~"5..|error"}"#
            return
                "query_metrics(\(Self.literal("sum by (app, peer_service, code) (http_client_requests_total\(selector))")))"
        case .workloads:
            let columns =
                "NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image,"
                + "COMMAND:.spec.template.spec.containers[0].command"
            return Self.shell("kubectl get deploy -n \(ns) -o custom-columns=\(columns)")
        case .podDetails:
            let status = ".status.containerStatuses[0].lastState.terminated"
            let columns =
                "NAME:.metadata.name,IMAGE:.spec.containers[0].image,REASON:\(status).reason,EXIT:\(status).exitCode"
            return Self.shell("kubectl get pods -n \(ns) -o custom-columns=\(columns)")
        case .getTraces: return "get_traces(\(Self.literal(ns)), 1)"
        case .readTraces(let path): return "read_traces(\(Self.literal(path)))"
        case .datastoreEnv(let store):
            return Self.shell(
                "kubectl get deploy \(store) -n \(ns) -o jsonpath='{.spec.template.spec.containers[0].env}'")
        case .fix(let command): return Self.shell(command)
        case .submit: return diagnosis.submission(for: task.kind)
        }
    }

    private mutating func absorb(_ probe: Probe, _ text: String) {
        switch probe {
        case .pods: evidence.absorbPods(text)
        case .events: evidence.absorbEvents(text)
        case .deployments: evidence.absorbDeployments(text)
        case .endpoints: evidence.absorbEndpoints(text)
        case .services: evidence.absorbServices(text)
        case .targetPort(let svc): targetPorts[svc] = text
        case .containerPort(let svc):
            evidence.absorbPorts(service: svc, targetPort: targetPorts[svc] ?? "", containerPort: text)
        case .nodeSelector(let svc): evidence.absorbNodeSelector(service: svc, text)
        case .logs(let svc): evidence.absorbLogs(service: svc, text)
        case .clientFailures: evidence.findings.absorbClientFailures(text)
        case .workloads: evidence.findings.absorbWorkloads(text)
        case .podDetails: evidence.findings.absorbPodDetails(text)
        case .getTraces:
            if let path = HeuristicAgentEvidence.firstMatch(#"exported to: (\S+)"#, in: text) {
                queue.insert(.readTraces(path), at: 0)
            }
        case .readTraces: evidence.findings.absorbTraces(text)
        case .datastoreEnv(let store): evidence.findings.absorbDatastoreEnv(store: store, text)
        case .fix, .submit: break
        }
    }

    /// Whether the first round ended with a failure it cannot explain yet.
    var needsRecheck: Bool {
        diagnosis.rule == .unexplainedFailure && steps + 6 < maxSteps
    }

    /// Second-round checks that depend on what the first found: traces when calls fail without a cause in the
    /// objects; a datastore's log and declared users when its client cannot log in or is refused.
    private mutating func planFollowUps() {
        followUpsPlanned = true
        let rule = diagnosis.rule
        if !tracesPlanned, evidence.findings.callsFailing, [.failingCalls, .unexplainedFailure].contains(rule) {
            tracesPlanned = true
            queue.append(.getTraces)
        }
        let known = evidence.knownServices
        for service in evidence.authenticationFailures.prefix(1) where known.contains("mongodb-\(service)") {
            queue.append(.logs("mongodb-\(service)"))
            if task.kind == .mitigation { queue.append(.datastoreEnv("mongodb-\(service)")) }
        }
        if rule == .databaseAuthorization, let store = diagnosis.suspects.first, store.hasPrefix("mongodb-"),
            task.kind == .mitigation
        {
            queue.append(.datastoreEnv(store))
        }
    }

    private mutating func planSuspectChecks() {
        suspectsPlanned = true
        let checked = Set(evidence.unexplainedEndpoints).union(evidence.portMismatches.keys)
        for svc in evidence.endpointSuspects.filter({ !checked.contains($0) }).prefix(2) {
            queue += [.targetPort(svc), .containerPort(svc)]
        }
        let stuck = evidence.unschedulableServices + evidence.pendingServices
        if let svc = stuck.first { queue.append(.nodeSelector(svc)) }
        var crashing = evidence.unhealthyServices.filter {
            !evidence.pendingServices.contains($0) && !evidence.zeroReplicaServices.contains($0)
        }
        for svc in evidence.unexplainedEndpoints where !crashing.contains(svc) { crashing.append(svc) }
        // A container that restarted may be Running again between crashes: its log still says why it died.
        let drifted = Set(evidence.findings.driftedPods(evidence.pods).map(\.service))
        for svc in evidence.restartedServices where !crashing.contains(svc) && !drifted.contains(svc) {
            crashing.append(svc)
        }
        for svc in crashing.prefix(3) { queue.append(.logs(svc)) }
    }

    private mutating func planFixes() {
        fixesPlanned = true
        guard task.kind == .mitigation else { return }
        queue += Self.fixes(for: diagnosis, evidence: evidence, namespace: task.namespace).map(Probe.fix)
    }

    /// The shell commands that undo what the evidence shows; empty when no fix is justified.
    public static func fixes(
        for diagnosis: HeuristicAgentDiagnosis, evidence: HeuristicAgentEvidence, namespace ns: String
    ) -> [String] {
        HeuristicAgentFixes(diagnosis: diagnosis, evidence: evidence, namespace: ns).commands
    }

    /// `exec_shell("…")` with the command as a double-quoted literal.
    static func shell(_ command: String) -> String { "exec_shell(\(literal(command)))" }

    /// A double-quoted Python-style string literal.
    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
