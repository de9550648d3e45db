import Foundation

/// The repairs the heuristic agent applies for a diagnosis: kubectl commands that undo exactly what its evidence
/// shows, and nothing when the evidence does not name a cause it can undo.
public struct HeuristicAgentFixes: Sendable {
    /// The diagnosis being acted on.
    public var diagnosis: HeuristicAgentDiagnosis
    /// The evidence behind it.
    public var evidence: HeuristicAgentEvidence
    /// The application's namespace.
    public var namespace: String

    /// Creates the fixes for a diagnosis.
    public init(diagnosis: HeuristicAgentDiagnosis, evidence: HeuristicAgentEvidence, namespace: String) {
        self.diagnosis = diagnosis
        self.evidence = evidence
        self.namespace = namespace
    }

    /// The shell commands, in order; empty when no fix is justified.
    public var commands: [String] {
        let ns = namespace
        let findings = evidence.findings
        guard let svc = diagnosis.suspects.last else { return [] }
        switch diagnosis.rule {
        case .databaseAuthorization:
            guard let (client, database) = evidence.deniedDatabases.sorted(by: { $0.key < $1.key }).first,
                let store = diagnosis.suspects.first, store != client
            else { return [] }
            // Give back the role on that database to the users the datastore declares with it (else `admin`).
            let declared = findings.declaredUsers[store] ?? []
            var grantees = declared.filter { $0.roles.contains(["readWrite", database]) }.map(\.user)
            if grantees.isEmpty { grantees = ["admin"] }
            let login = adminLogin(store, excluding: nil)
            let role = #"[{role: "readWrite", db: "\#(database)"}]"#
            let script = grantees.map { #"db.getSiblingDB("admin").grantRolesToUser("\#($0)", "# + role + ")" }
                .joined(separator: "; ")
            return [mongo(store, login, script)] + restart(client)
        case .missingDatabaseUser:
            guard let store = diagnosis.suspects.first, let client = diagnosis.suspects.last, store != client,
                let missing = findings.missingUsers[store],
                let user = findings.declaredUsers[store]?.first(where: { $0.user == missing })
            else { return [] }
            let login = adminLogin(store, excluding: missing)
            guard login.user != missing else { return [] }
            let roles = user.roles.map { #"{role: "\#($0[0])", db: "\#($0[1])"}"# }.joined(separator: ", ")
            let script =
                #"db.getSiblingDB("admin").createUser({user: "\#(user.user)", pwd: "\#(user.password)", "#
                + "roles: [\(roles)]})"
            return [mongo(store, login, script)] + restart(client)
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
        case .applicationMisconfiguration:
            // The address is baked into the image (nothing in the Deployment sets it): roll back a changed image.
            guard findings.runsUnusualImage(svc) else { return [] }
            return ["kubectl rollout undo deploy/\(svc) -n \(ns)"]
        case .podImageDrift:
            let pods = findings.driftedPods(evidence.pods).filter { $0.service == svc }.map(\.name)
            guard !pods.isEmpty else { return [] }
            return ["kubectl delete pod \(pods.joined(separator: " ")) -n \(ns)"]
        case .wrongBinary:
            let command = #"["\#(svc)"]"#
            let patch = #"[{"op":"replace","path":"/spec/template/spec/containers/0/command","value":\#(command)}]"#
            return ["kubectl patch deploy \(svc) -n \(ns) --type=json -p '\(patch)'"]
        case .databaseAuthentication, .containerKilled, .failingCalls, .unexplainedFailure, .healthy:
            return []
        }
    }

    /// A declared user that may administer users (`userAdminAnyDatabase`), preferring `root`; else root/root.
    func adminLogin(_ store: String, excluding missing: String?) -> (user: String, password: String) {
        let admins = (evidence.findings.declaredUsers[store] ?? []).filter { user in
            user.user != missing && user.roles.contains { $0.first == "userAdminAnyDatabase" || $0.first == "root" }
        }
        let chosen = admins.first { $0.user == "root" } ?? admins.first
        return chosen.map { ($0.user, $0.password) } ?? ("root", "root")
    }

    func mongo(_ store: String, _ login: (user: String, password: String), _ script: String) -> String {
        "kubectl exec deploy/\(store) -n \(namespace) -- mongo admin -u \(login.user) -p \(login.password) "
            + "--authenticationDatabase admin --quiet --eval '\(script)'"
    }

    func restart(_ client: String) -> [String] {
        let pods = evidence.pods.filter { $0.service == client }.map(\.name)
        return pods.isEmpty ? [] : ["kubectl delete pod \(pods.joined(separator: " ")) -n \(namespace)"]
    }
}
