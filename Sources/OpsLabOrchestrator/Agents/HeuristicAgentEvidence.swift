import Foundation

/// What the heuristic agent has learned from observations so far; every fact comes from text it was shown.
public struct HeuristicAgentEvidence: Sendable, Hashable {
    /// A listed pod and its service (owner name guessed by dropping the ReplicaSet and pod hashes).
    public struct Pod: Sendable, Hashable {
        /// The pod name.
        public var name: String
        /// The service (Deployment) it belongs to.
        public var service: String
    }

    /// The pods listed, in table order.
    public var pods: [Pod] = []
    /// Services with a pod that is not Running and Ready, in first-seen order.
    public var unhealthyServices: [String] = []
    /// Services with a Pending pod.
    public var pendingServices: [String] = []
    /// Services whose pods restarted.
    public var restartedServices: [String] = []
    /// Services whose pod a `FailedScheduling` event names.
    public var unschedulableServices: [String] = []
    /// Deployments whose READY column says `0/0`.
    public var zeroReplicaServices: [String] = []
    /// Services whose Endpoints row is `<none>`.
    public var servicesWithoutEndpoints: [String] = []
    /// Service → the ports its Endpoints row lists (`127.5.1.3:8086` → 8086).
    public var endpointPorts: [String: [Int]] = [:]
    /// Service → the ports its Service row lists (`8086/TCP` → 8086).
    public var servicePorts: [String: [Int]] = [:]
    /// Service → container port, when the Service's targetPort is shown to differ from it.
    public var portMismatches: [String: Int] = [:]
    /// Services checked for a port mismatch that had none, though their endpoints are missing or wrong.
    public var unexplainedEndpoints: [String] = []
    /// Services whose nodeSelector was read and is non-empty.
    public var servicesWithNodeSelector: [String] = []
    /// Service → database it is not authorized on (`not authorized on geo-db`).
    public var deniedDatabases: [String: String] = [:]
    /// Services whose logs say `Authentication failed`.
    public var authenticationFailures: [String] = []
    /// Services whose logs say a dependency is unreachable (`no reachable servers`, `connection refused`).
    public var unreachableDependencies: [String] = []
    /// Service → services named in `rpc error … via X:port` lines of its logs.
    public var rpcTargets: [String: [String]] = [:]
    /// Facts from telemetry and object details.
    public var findings = HeuristicAgentFindings()

    /// Creates empty evidence.
    public init() {}

    /// Whether anything abnormal was seen.
    public var anomalous: Bool {
        !unhealthyServices.isEmpty || !unexplainedEndpoints.isEmpty || !unschedulableServices.isEmpty
            || !zeroReplicaServices.isEmpty || !portMismatches.isEmpty || !deniedDatabases.isEmpty
            || !authenticationFailures.isEmpty || findings.callsFailing || !findings.driftedPods(pods).isEmpty
            || !findings.killedServices(pods).isEmpty || !findings.wrongBinaries.isEmpty
    }

    /// Every service name seen in the pod list.
    public var knownServices: Set<String> { Set(pods.map(\.service)) }

    /// The Deployment owning a pod name: the name without its last two `-` parts (`geo-5d9f-x2b7q` → `geo`).
    public static func service(ofPod pod: String) -> String {
        let parts = pod.split(separator: "-")
        guard parts.count >= 3 else { return pod }
        return parts.dropLast(2).joined(separator: "-")
    }

    // MARK: - Reading observations

    /// Reads `kubectl get pods`: pods not Running, not fully Ready, Pending, or restarted. A new listing
    /// replaces the pod-derived facts of an earlier one (a transient state may have passed).
    public mutating func absorbPods(_ text: String) {
        pods = []
        unhealthyServices = []
        pendingServices = []
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"], !name.isEmpty else { continue }
            let podName = name.hasPrefix("pod/") ? String(name.dropFirst(4)) : name
            let service = Self.service(ofPod: podName)
            pods.append(Pod(name: podName, service: service))
            let status = row["STATUS"] ?? ""
            let ready = (row["READY"] ?? "").split(separator: "/").map { Int($0) ?? -1 }
            let fullyReady = ready.count == 2 && ready[0] == ready[1]
            if status != "Running" || !fullyReady { Self.add(service, to: &unhealthyServices) }
            if status == "Pending" { Self.add(service, to: &pendingServices) }
            let restarts = Int((row["RESTARTS"] ?? "0").split(separator: " ").first ?? "0") ?? 0
            if restarts > 0 { Self.add(service, to: &restartedServices) }
        }
    }

    /// Reads `kubectl get events`: `FailedScheduling` on a pod that is still listed.
    public mutating func absorbEvents(_ text: String) {
        let current = Set(pods.map(\.name))
        for row in HeuristicAgentTable(text).rows where row["REASON"] == "FailedScheduling" {
            guard let object = row["OBJECT"], object.hasPrefix("pod/") else { continue }
            let pod = String(object.dropFirst(4))
            if current.isEmpty || current.contains(pod) {
                Self.add(Self.service(ofPod: pod), to: &unschedulableServices)
            }
        }
    }

    /// Reads `kubectl get deploy`: READY `0/0` means scaled to zero; fewer ready than desired is unhealthy.
    public mutating func absorbDeployments(_ text: String) {
        zeroReplicaServices = []
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"].map(Self.bare), let ready = row["READY"] else { continue }
            let counts = ready.split(separator: "/").map { Int($0) ?? -1 }
            guard counts.count == 2 else { continue }
            if counts[1] == 0 {
                Self.add(name, to: &zeroReplicaServices)
            } else if counts[0] < counts[1] {
                Self.add(name, to: &unhealthyServices)
            }
        }
    }

    /// Reads `kubectl get endpoints`: rows whose ENDPOINTS is `<none>`.
    public mutating func absorbEndpoints(_ text: String) {
        servicesWithoutEndpoints = []
        endpointPorts = [:]
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"].map(Self.bare), let endpoints = row["ENDPOINTS"] else { continue }
            if endpoints == "<none>" { Self.add(name, to: &servicesWithoutEndpoints) }
            let ports = Self.allMatches(#":([0-9]+)"#, in: endpoints).compactMap { Int($0) }
            if !ports.isEmpty { endpointPorts[name] = ports }
        }
        unexplainedEndpoints = unexplainedEndpoints.filter { service in
            guard !servicesWithoutEndpoints.contains(service) else { return true }
            guard let ports = endpointPorts[service], let exposed = servicePorts[service] else { return false }
            return !ports.contains(where: exposed.contains)
        }
    }

    /// Reads `kubectl get svc`: the port numbers of each Service.
    public mutating func absorbServices(_ text: String) {
        for row in HeuristicAgentTable(text).rows {
            guard let name = row["NAME"].map(Self.bare), let ports = row["PORT(S)"] else { continue }
            servicePorts[name] = Self.allMatches(#"(?:^|,)([0-9]+)"#, in: ports).compactMap { Int($0) }
        }
    }

    /// Services whose pods all run but whose endpoints are missing or sit on a port the Service does not
    /// expose (so the Service's targetPort or selector, not the pods, is suspect).
    public var endpointSuspects: [String] {
        let running = Set(pods.map(\.service)).subtracting(unhealthyServices).subtracting(zeroReplicaServices)
        var suspects = servicesWithoutEndpoints.filter { running.contains($0) }
        for (service, ports) in endpointPorts.sorted(by: { $0.key < $1.key }) {
            guard let exposed = servicePorts[service], !exposed.isEmpty else { continue }
            if !ports.contains(where: exposed.contains) { Self.add(service, to: &suspects) }
        }
        return suspects
    }

    /// Records the targetPort and containerPort read for a service; a difference is a mismatch.
    public mutating func absorbPorts(service: String, targetPort: String, containerPort: String) {
        let target = targetPort.trimmingCharacters(in: CharacterSet(charactersIn: " \n'\""))
        let container = containerPort.trimmingCharacters(in: CharacterSet(charactersIn: " \n'\""))
        guard let port = Int(container), !target.isEmpty, target != container else {
            Self.add(service, to: &unexplainedEndpoints)
            return
        }
        portMismatches[service] = port
    }

    /// Records a nodeSelector read by jsonpath (`{"kubernetes.io/hostname":"extra-node"}` or empty).
    public mutating func absorbNodeSelector(service: String, _ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{"), trimmed.contains(":") { Self.add(service, to: &servicesWithNodeSelector) }
    }

    /// Reads a service's logs: authorization and authentication errors, unreachable dependencies, rpc targets.
    public mutating func absorbLogs(service: String, _ text: String) {
        if let database = Self.firstMatch(#"not authorized on ([A-Za-z0-9_.-]+)"#, in: text) {
            deniedDatabases[service] = database
        }
        if text.contains("Authentication failed") { Self.add(service, to: &authenticationFailures) }
        if text.contains("no reachable servers") || text.contains("connection refused") {
            Self.add(service, to: &unreachableDependencies)
        }
        let targets = Self.allMatches(#"rpc error[^\n]*?via ([a-z0-9-]+):[0-9]+"#, in: text)
        if !targets.isEmpty { rpcTargets[service, default: []] += targets.filter { $0 != service } }
        findings.absorbLogs(service: service, text)
    }

    // MARK: - Helpers

    static func add(_ value: String, to list: inout [String]) {
        if !list.contains(value) { list.append(value) }
    }

    static func bare(_ name: String) -> String {
        name.split(separator: "/").last.map(String.init) ?? name
    }

    static func allPairs(_ pattern: String, in text: String) -> [(String, String)] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            guard match.numberOfRanges > 2, let first = Range(match.range(at: 1), in: text),
                let second = Range(match.range(at: 2), in: text)
            else { return nil }
            return (String(text[first]), String(text[second]))
        }
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        allMatches(pattern, in: text).first
    }

    static func allMatches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            guard match.numberOfRanges > 1, let found = Range(match.range(at: 1), in: text) else { return nil }
            return String(text[found])
        }
    }
}
