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
        if let (service, database) = evidence.deniedDatabases.sorted(by: { $0.key < $1.key }).first {
            let base = database.hasSuffix("-db") ? String(database.dropLast(3)) : service
            let store = "mongodb-\(base)"
            rule = .databaseAuthorization
            suspects = known.contains(store) || known.isEmpty ? [store, service] : datastore(for: service)
            systemLevel = .application
            faultType = .authenticationIssue
        } else if let service = evidence.authenticationFailures.first {
            rule = .databaseAuthentication
            suspects = datastore(for: service)
            systemLevel = .application
            faultType = .authenticationIssue
        } else if let service = evidence.portMismatches.keys.sorted().first {
            rule = .targetPortMismatch
            suspects = [service]
            systemLevel = .virtualization
            faultType = .misconfiguration
        } else if let service = evidence.zeroReplicaServices.first {
            rule = .zeroReplicas
            suspects = [service]
            systemLevel = .virtualization
            faultType = .operationError
        } else if let service = evidence.unschedulableServices.first ?? evidence.pendingServices.first {
            rule = .unschedulable
            suspects = [service]
            systemLevel = .virtualization
            faultType = .dependencyProblem
        } else if !evidence.unhealthyServices.isEmpty || !evidence.unexplainedEndpoints.isEmpty {
            rule = .unexplainedFailure
            suspects = evidence.unhealthyServices
            for service in evidence.unexplainedEndpoints where !suspects.contains(service) {
                suspects.append(service)
            }
            systemLevel = nil
            faultType = nil
        } else {
            rule = .healthy
            suspects = []
            systemLevel = nil
            faultType = nil
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
