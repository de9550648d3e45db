import Foundation

/// The heuristic agent's facts from telemetry and from object details (beyond the `kubectl get` tables):
/// failing calls from metrics, where error spans end in traces, images and commands of Deployments and pods,
/// database URLs and users named in logs, and the users a datastore declares. Every fact comes from text shown.
public struct HeuristicAgentFindings: Sendable, Hashable {
    /// A user a datastore's pod template declares (from an env var holding `[{"user":…,"pwd":…,"roles":[…]}]`).
    public struct DeclaredUser: Sendable, Hashable {
        /// The user name.
        public var user: String
        /// The password.
        public var password: String
        /// The roles as `(role, db)` pairs.
        public var roles: [[String]]
    }

    /// Failed outbound calls from metrics: caller → peer → count (5xx answers and calls without an answer).
    public var failingCalls: [String: [String: Double]] = [:]
    /// Whether the client-call metrics were read at all.
    public var metricsRead = false
    /// Services whose error spans end in their own spans (no erroring child), most first.
    public var traceOwnLeaves: [String] = []
    /// Services whose outbound calls failed without any answer in traces, most first.
    public var traceOutboundLeaves: [String] = []
    /// Deployment → its first container's image.
    public var deploymentImages: [String: String] = [:]
    /// Deployment → its first container's command as printed (`[geo]`, `<none>`).
    public var deploymentCommands: [String: String] = [:]
    /// Pod → (its first container's image, the last termination's reason, exit code) as printed.
    public var podDetails: [String: [String]] = [:]
    /// Service → the database address its log says it read (`mongodb-geo:27777`).
    public var databaseURLs: [String: String] = [:]
    /// Datastore → the user its log says does not exist.
    public var missingUsers: [String: String] = [:]
    /// Datastore → the users its pod template declares.
    public var declaredUsers: [String: [DeclaredUser]] = [:]

    /// Creates empty findings.
    public init() {}

    /// The least number of failed calls from one caller to one peer the agent treats as a symptom: a few
    /// failures while services start and connect (counters run from pod start) are not one.
    public static let failureThreshold = 10.0

    /// The caller → peer edges with at least ``failureThreshold`` failed calls.
    public var significantCalls: [String: [String: Double]] {
        failingCalls.mapValues { $0.filter { $0.value >= Self.failureThreshold } }.filter { !$0.value.isEmpty }
    }

    /// Whether metrics show enough failed calls to call the system anomalous.
    public var callsFailing: Bool { !significantCalls.isEmpty }

    // MARK: - Reading observations

    /// Reads `sum by (app, peer_service, code) (http_client_requests_total{code=~"5..|error"})`.
    public mutating func absorbClientFailures(_ text: String) {
        metricsRead = true
        failingCalls = [:]
        for series in HeuristicAgentSignals.series(text) where series.value > 0 {
            guard let peer = series.labels["peer_service"], !peer.isEmpty else { continue }
            let caller = series.labels["app"] ?? series.labels["pod"].map(HeuristicAgentEvidence.service(ofPod:)) ?? ""
            failingCalls[caller, default: [:]][peer, default: 0] += series.value
        }
    }

    /// Reads a `read_traces` table: where the error spans end.
    public mutating func absorbTraces(_ text: String) {
        let leaves = HeuristicAgentSignals.errorLeaves(HeuristicAgentSignals.spans(text))
        traceOwnLeaves = leaves.own.map(\.0)
        traceOutboundLeaves = leaves.outbound.map(\.0)
    }

    /// Reads `kubectl get deploy -o custom-columns=NAME:…,IMAGE:…,COMMAND:…`.
    public mutating func absorbWorkloads(_ text: String) {
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"], !name.isEmpty else { continue }
            if let image = row["IMAGE"] { deploymentImages[name] = image }
            if let command = row["COMMAND"] { deploymentCommands[name] = command }
        }
    }

    /// Reads `kubectl get pods -o custom-columns=NAME:…,IMAGE:…,REASON:…,EXIT:…`.
    public mutating func absorbPodDetails(_ text: String) {
        podDetails = [:]
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"], !name.isEmpty else { continue }
            podDetails[name] = [row["IMAGE"] ?? "", row["REASON"] ?? "", row["EXIT"] ?? ""]
        }
    }

    /// Reads a service's log for the database address it uses and a datastore's log for users it does not know.
    public mutating func absorbLogs(service: String, _ text: String) {
        if let url = HeuristicAgentEvidence.allMatches(#"Read database URL: ([A-Za-z0-9_.:-]+)"#, in: text).last {
            databaseURLs[service] = url
        }
        if let user = HeuristicAgentEvidence.firstMatch(#"Could not find user \\?"([^"\\]+)\\?""#, in: text) {
            missingUsers[service] = user
        }
    }

    /// Reads a datastore Deployment's env (`{.spec.template.spec.containers[0].env}`, a JSON array of
    /// `{name, value}`) for a value that lists users with passwords and roles.
    public mutating func absorbDatastoreEnv(store: String, _ text: String) {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " \n'"))
        guard let data = trimmed.data(using: .utf8),
            let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return }
        for entry in entries {
            guard let value = entry["value"] as? String, let inner = value.data(using: .utf8),
                let list = try? JSONSerialization.jsonObject(with: inner) as? [[String: Any]]
            else { continue }
            let users = list.compactMap { item -> DeclaredUser? in
                guard let user = item["user"] as? String, let password = item["pwd"] as? String else { return nil }
                let roles = (item["roles"] as? [[String: Any]] ?? []).compactMap { role -> [String]? in
                    guard let name = role["role"] as? String, let db = role["db"] as? String else { return nil }
                    return [name, db]
                }
                return DeclaredUser(user: user, password: password, roles: roles)
            }
            if !users.isEmpty { declaredUsers[store] = users }
        }
    }

    // MARK: - Conclusions

    /// Pods whose image is not their Deployment's template image (the pod was changed under its Deployment).
    public func driftedPods(_ pods: [HeuristicAgentEvidence.Pod]) -> [HeuristicAgentEvidence.Pod] {
        pods.filter { pod in
            guard let image = podDetails[pod.name]?.first, !image.isEmpty, image != "<none>",
                let template = deploymentImages[pod.service]
            else { return false }
            return image != template
        }
    }

    /// Deployments whose command is another Deployment's name while every other Deployment with a command runs
    /// the binary named after itself (the convention the rest of the app shows).
    public var wrongBinaries: [String] {
        let commands = deploymentCommands.compactMapValues(Self.firstWord)
        let conventional = commands.filter { $0.key == $0.value }
        return commands.keys.sorted().filter { name in
            guard let command = commands[name], command != name, deploymentCommands[command] != nil else {
                return false
            }
            return conventional.count >= 2 && conventional.count == commands.count - 1
        }
    }

    /// Services whose logged database address uses a port that the Service of that host does not expose.
    public func wrongDatabasePorts(servicePorts: [String: [Int]]) -> [String] {
        databaseURLs.keys.sorted().filter { service in
            let parts = databaseURLs[service]!.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else { return false }
            let host = String(parts[0].split(separator: ".").first ?? parts[0])
            guard let exposed = servicePorts[host], !exposed.isEmpty else { return false }
            return !exposed.contains(port)
        }
    }

    /// Whether a Deployment's image differs from the image most Deployments with a command share.
    public func runsUnusualImage(_ service: String) -> Bool {
        guard let image = deploymentImages[service] else { return false }
        var counts: [String: Int] = [:]
        for (name, other) in deploymentImages where Self.firstWord(deploymentCommands[name] ?? "") != nil {
            counts[other, default: 0] += 1
        }
        guard let common = counts.max(by: { $0.value < $1.value }), common.value >= 2 else { return false }
        return image != common.key
    }

    /// Services whose pod's last termination was a SIGKILL from outside (exit 137, not OOMKilled).
    public func killedServices(_ pods: [HeuristicAgentEvidence.Pod]) -> [String] {
        var services: [String] = []
        for pod in pods {
            guard let details = podDetails[pod.name], details.count == 3 else { continue }
            if details[2] == "137", details[1] != "OOMKilled" { HeuristicAgentEvidence.add(pod.service, to: &services) }
        }
        return services
    }

    /// The failing services metrics and traces point at, deepest first (metrics' failing-call graph, then trace
    /// leaves that are not merely callers of a failing peer).
    public var telemetrySuspects: [String] {
        guard callsFailing else { return [] }
        var suspects = HeuristicAgentSignals.deepestFailing(significantCalls)
        for service in traceOwnLeaves where !traceOutboundLeaves.contains(service) {
            HeuristicAgentEvidence.add(service, to: &suspects)
        }
        return suspects
    }

    /// `[geo]` → `geo`; `<none>` or empty → nil.
    static func firstWord(_ printed: String) -> String? {
        let word = printed.trimmingCharacters(in: CharacterSet(charactersIn: "[]\" "))
            .split(whereSeparator: { $0 == " " || $0 == "," }).first.map(String.init)
        guard let word, !word.isEmpty, word != "<none>" else { return nil }
        return word
    }
}
