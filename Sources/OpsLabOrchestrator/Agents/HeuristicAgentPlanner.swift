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
    public private(set) var queue: [Probe] = [.pods, .events, .deployments, .endpoints, .services]
    /// The probe whose observation is awaited.
    public private(set) var pending: Probe?
    /// Actions taken so far.
    public private(set) var steps = 0
    private var targetPorts: [String: String] = [:]
    private var fixesPlanned = false
    private var suspectsPlanned = false
    private var rechecked = false
    /// Whether the agent should let the system settle before sending the action just returned: set when a
    /// failure is seen but not yet explained (a pod that is crashing may not have logged why yet).
    public private(set) var pauseRequested = false

    /// Starts an investigation.
    public init(task: HeuristicAgentTask, maxSteps: Int = 15) {
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
        if suspectsPlanned, !rechecked, queue.isEmpty, needsRecheck {
            rechecked = true
            suspectsPlanned = false
            pauseRequested = true
            queue = [.pods, .deployments, .endpoints]
        }
        if suspectsPlanned, !fixesPlanned, queue.isEmpty { planFixes() }
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
        case .fix, .submit: break
        }
    }

    /// Whether the first round ended with a failure it cannot explain yet.
    var needsRecheck: Bool {
        diagnosis.rule == .unexplainedFailure && steps + 6 < maxSteps
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
        guard let svc = diagnosis.suspects.last else { return [] }
        switch diagnosis.rule {
        case .databaseAuthorization:
            guard let (client, database) = evidence.deniedDatabases.sorted(by: { $0.key < $1.key }).first,
                let store = diagnosis.suspects.first, store != client
            else { return [] }
            let role = #"[{role: "readWrite", db: "\#(database)"}]"#
            let grant = #"db.getSiblingDB("admin").grantRolesToUser("admin", "# + role + ")"
            let pods = evidence.pods.filter { $0.service == client }.map(\.name)
            var commands = [
                "kubectl exec deploy/\(store) -n \(ns) -- mongo admin -u root -p root --authenticationDatabase admin "
                    + "--quiet --eval '\(grant)'"
            ]
            if !pods.isEmpty { commands.append("kubectl delete pod \(pods.joined(separator: " ")) -n \(ns)") }
            return commands
        case .targetPortMismatch:
            guard let port = evidence.portMismatches[svc] else { return [] }
            let patch = #"[{"op":"replace","path":"/spec/ports/0/targetPort","value":\#(port)}]"#
            return ["kubectl patch svc \(svc) -n \(ns) --type=json -p '\(patch)'"]
        case .zeroReplicas:
            return ["kubectl scale deploy \(svc) -n \(ns) --replicas=1"]
        case .unschedulable:
            guard evidence.servicesWithNodeSelector.contains(svc) else { return [] }
            let patch = #"[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]"#
            return ["kubectl patch deploy \(svc) -n \(ns) --type=json -p '\(patch)'"]
        case .databaseAuthentication, .unexplainedFailure, .healthy:
            return []
        }
    }

    /// `exec_shell("…")` with the command as a double-quoted literal.
    static func shell(_ command: String) -> String { "exec_shell(\(literal(command)))" }

    /// A double-quoted Python-style string literal.
    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
