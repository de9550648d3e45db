import Foundation
import OpsLabCore

/// The heuristic agent's conclusions from its evidence: a small, explicit rule table.
public struct HeuristicAgentDiagnosis: Sendable, Hashable {
    /// The rule that fired, for logs and tests.
    public enum Rule: String, Sendable, Hashable {
        /// A service is refused by its database (`not authorized on X-db`).
        case databaseAuthorization
        /// A service cannot log in to its database (`Authentication failed`).
        case databaseAuthentication
        /// A Service's targetPort is not its pods' container port.
        case targetPortMismatch
        /// A Deployment is scaled to zero.
        case zeroReplicas
        /// A pod cannot be scheduled (`FailedScheduling`).
        case unschedulable
        /// A datastore says a user its client logs in as does not exist (`Could not find user`).
        case missingDatabaseUser
        /// A crashing service reads a database address whose port the datastore's Service does not expose.
        case applicationMisconfiguration
        /// A pod runs another image than its Deployment's template (it was changed under its Deployment).
        case podImageDrift
        /// A Deployment runs another service's binary.
        case wrongBinary
        /// A container was killed from outside (exit 137, not OOMKilled) and restarted.
        case containerKilled
        /// Metrics or traces show calls failing at a service, with no cause in the objects.
        case failingCalls
        /// Pods are failing for a reason the agent cannot name.
        case unexplainedFailure
        /// Nothing abnormal was seen.
        case healthy
    }

    /// The rule that fired.
    public var rule: Rule
    /// Suspected services, most likely first.
    public var suspects: [String]
    /// The system level, when the rule names one.
    public var systemLevel: SystemLevel?
    /// The fault type, when the rule names one.
    public var faultType: FaultType?

    /// Applies the rule table to the evidence, strongest evidence first.
    public init(_ evidence: HeuristicAgentEvidence) {
        let known = evidence.knownServices
        func datastore(for service: String) -> [String] {
            let store = "mongodb-\(service)"
            return known.contains(store) ? [store, service] : [service]
        }
        let findings = evidence.findings
        let drifted = findings.driftedPods(evidence.pods)
        let killed = findings.killedServices(evidence.pods)
        let misconfigured = findings.wrongDatabasePorts(servicePorts: evidence.servicePorts)
        systemLevel = nil
        faultType = nil
        if let (service, database) = evidence.deniedDatabases.sorted(by: { $0.key < $1.key }).first {
            let base = database.hasSuffix("-db") ? String(database.dropLast(3)) : service
            let store = "mongodb-\(base)"
            rule = .databaseAuthorization
            suspects = known.contains(store) || known.isEmpty ? [store, service] : datastore(for: service)
            (systemLevel, faultType) = (.application, .authenticationIssue)
        } else if let service = evidence.authenticationFailures.first {
            suspects = datastore(for: service)
            if findings.missingUsers[suspects[0]] != nil {
                // The user is gone from the datastore: its stored data, not the login, is wrong (AIOpsLab's label).
                rule = .missingDatabaseUser
                (systemLevel, faultType) = (.application, .networkStorageIssue)
            } else {
                rule = .databaseAuthentication
                (systemLevel, faultType) = (.application, .authenticationIssue)
            }
        } else if let service = evidence.portMismatches.keys.sorted().first {
            rule = .targetPortMismatch
            suspects = [service]
            (systemLevel, faultType) = (.virtualization, .misconfiguration)
        } else if let service = evidence.zeroReplicaServices.first {
            rule = .zeroReplicas
            suspects = [service]
            (systemLevel, faultType) = (.virtualization, .operationError)
        } else if let service = evidence.unschedulableServices.first ?? evidence.pendingServices.first {
            rule = .unschedulable
            suspects = [service]
            (systemLevel, faultType) = (.virtualization, .dependencyProblem)
        } else if let service = misconfigured.first {
            rule = .applicationMisconfiguration
            suspects = [service]
            (systemLevel, faultType) = (.application, .misconfiguration)
        } else if let pod = drifted.first {
            rule = .podImageDrift
            suspects = [pod.service]
            (systemLevel, faultType) = (.virtualization, .misconfiguration)
        } else if let service = findings.wrongBinaries.first {
            rule = .wrongBinary
            suspects = [service]
            // Calls to the service are refused: AIOpsLab labels a wrong binary a network/storage issue.
            (systemLevel, faultType) = (.application, .networkStorageIssue)
        } else if let service = killed.first {
            rule = .containerKilled
            suspects = [service]
            (systemLevel, faultType) = (.virtualization, .operationError)
        } else if !evidence.unhealthyServices.isEmpty || !evidence.unexplainedEndpoints.isEmpty {
            rule = .unexplainedFailure
            suspects = evidence.unhealthyServices
            for service in evidence.unexplainedEndpoints where !suspects.contains(service) {
                suspects.append(service)
            }
        } else if findings.callsFailing {
            rule = .failingCalls
            // The deepest failing service only: a ranked list longer than the culprits is not an exact answer.
            suspects = Array(findings.telemetrySuspects.prefix(1))
        } else {
            rule = .healthy
            suspects = []
        }
    }

    /// The submit call for a task kind (without the fence).
    public func submission(for kind: TaskKind) -> String {
        switch kind {
        case .detection:
            return rule == .healthy ? #"submit("No")"# : #"submit("Yes")"#
        case .localization:
            let list = suspects.map { "\"\($0)\"" }.joined(separator: ", ")
            return "submit([\(list)])"
        case .analysis:
            guard let systemLevel, let faultType else { return "submit()" }
            return #"submit({"system_level": "\#(systemLevel.rawValue)", "fault_type": "\#(faultType.rawValue)"})"#
        case .mitigation:
            return "submit()"
        }
    }
}
