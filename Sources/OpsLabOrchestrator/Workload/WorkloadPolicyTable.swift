import Foundation
import OpsLabCore

/// The default ``WorkloadPolicy`` of every problem, chosen by its fault family.
///
/// Rules are matched in order against the family part of the problem id (`revoke_auth_mongodb` in
/// `revoke_auth_mongodb-detection-1`, `noop` for the no-fault controls); the first rule whose family prefix
/// matches wins, and ``fallback`` covers families no rule names. The rate follows AIOpsLab's wrk2 runs
/// (10 req/s, exponential gaps, 2 connections; its container-kill problems use 100 req/s).
///
/// To give a new fault family its own policy, add a ``Rule`` to ``rules`` before any broader prefix that would
/// also match it, e.g. `Rule("my_fault_hotel_res", WorkloadPolicy(wait: InjectionWait(.crashLoop, limit:
/// .seconds(20))))`, and add its expectation to the policy tests. Pick the condition an operator would see first
/// (a crash loop, a Pending pod, failed requests) and a limit that bounds a slow symptom.
public enum WorkloadPolicyTable {
    /// One family-prefix → policy entry.
    public struct Rule: Sendable, Hashable {
        /// The start of the fault families this rule covers.
        public var familyPrefix: String
        /// Their policy.
        public var policy: WorkloadPolicy

        /// Creates a rule.
        public init(_ familyPrefix: String, _ policy: WorkloadPolicy) {
            self.familyPrefix = familyPrefix
            self.policy = policy
        }
    }

    /// The rules, most specific first.
    public static let rules: [Rule] = [
        // The no-fault control: nothing to wait for.
        Rule(ProblemID.noFaultFamily, WorkloadPolicy(wait: .none)),
        // Faults whose service exits at start (database refuses it, bad image): a crash loop.
        Rule("revoke_auth_mongodb", WorkloadPolicy(wait: InjectionWait(.crashLoop, limit: .seconds(20)))),
        Rule("user_unregistered_mongodb", WorkloadPolicy(wait: InjectionWait(.crashLoop, limit: .seconds(20)))),
        Rule("auth_miss_mongodb", WorkloadPolicy(wait: InjectionWait(.crashLoop, limit: .seconds(20)))),
        Rule("misconfig_app", WorkloadPolicy(wait: InjectionWait(.crashLoop, limit: .seconds(20)))),
        // The wrong binary does not crash: profile's pod runs geo's server, so the profile calls fail.
        Rule("wrong_bin_usage", WorkloadPolicy(wait: InjectionWait(.workloadErrors, limit: .seconds(10)))),
        // Chaos on processes: killed containers restart, failed pods stop being Ready.
        Rule("container_kill", WorkloadPolicy(rate: 100, wait: InjectionWait(.crashLoop, limit: .seconds(15)))),
        Rule("pod_failure", WorkloadPolicy(wait: InjectionWait(.unhealthy, limit: .seconds(15)))),
        Rule("pod_kill", WorkloadPolicy(wait: InjectionWait(.unhealthy, limit: .seconds(15)))),
        // Scheduling: the replacement pod cannot be placed.
        Rule("assign_to_non_existent_node", WorkloadPolicy(wait: InjectionWait(.podPending, limit: .seconds(10)))),
        // Object changes with no failing pod (a wrong targetPort, zero replicas): the symptom is in the objects
        // and in the requests that reach the service, which may be rare; give the change a few seconds.
        Rule("k8s_target_port", WorkloadPolicy(wait: InjectionWait(.workloadErrors, limit: .seconds(3)))),
        Rule("scale_pod_zero", WorkloadPolicy(wait: InjectionWait(.elapsed, limit: .seconds(3)))),
        // Network chaos degrades requests rather than pods.
        Rule(
            "network_loss", WorkloadPolicy(wait: InjectionWait(.workloadErrors, limit: .seconds(5), minimumErrors: 3))),
        Rule("network_delay", WorkloadPolicy(wait: InjectionWait(.elapsed, limit: .seconds(5)))),
    ]

    /// The policy of families no rule covers: wait until the app looks unhealthy, at most 10 s.
    public static let fallback = WorkloadPolicy(wait: InjectionWait(.unhealthy, limit: .seconds(10)))

    /// The default policy of a problem id (an unparsable id gets ``fallback``).
    public static func policy(forProblem id: String) -> WorkloadPolicy {
        guard let parsed = try? ProblemID(parsing: id) else { return fallback }
        return policy(forFamily: parsed.family)
    }

    /// The default policy of a fault family.
    public static func policy(forFamily family: String) -> WorkloadPolicy {
        rules.first { family.hasPrefix($0.familyPrefix) }?.policy ?? fallback
    }
}
