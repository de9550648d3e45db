import Foundation
import OpsLabCore

/// How long a session waits after injecting the fault before the agent starts, so its symptoms are visible.
///
/// The wait ends as soon as the ``Condition`` holds, and at the latest after ``limit``; it never fails the session.
public struct InjectionWait: Sendable, Hashable {
    /// What counts as "the symptoms are visible".
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        /// Do not wait at all.
        case none
        /// Wait the whole limit (for faults whose symptoms take a fixed time to show, or show no object state).
        case elapsed
        /// A container of the app waits in `CrashLoopBackOff` (or `Error`, an image pull error), terminated with
        /// an error, or has restarted.
        case crashLoop = "crash_loop"
        /// A pod of the app is `Pending` (not schedulable).
        case podPending = "pod_pending"
        /// The generic health check finds anything wrong (not Ready, waiting, terminating, restarted recently).
        case unhealthy
        /// The background workload has seen at least ``InjectionWait/minimumErrors`` failed requests since the
        /// injection.
        case workloadErrors = "workload_errors"
    }

    /// What ends the wait early.
    public var condition: Condition
    /// The longest wait.
    public var limit: Duration
    /// For ``Condition/workloadErrors``: how many failed requests make the symptom visible.
    public var minimumErrors: Int
    /// How often the condition is checked.
    public var poll: Duration

    /// Creates a wait.
    public init(
        _ condition: Condition, limit: Duration, minimumErrors: Int = 1, poll: Duration = .milliseconds(250)
    ) {
        self.condition = condition
        self.limit = condition == .none ? .zero : limit
        self.minimumErrors = max(1, minimumErrors)
        self.poll = poll
    }

    /// No wait.
    public static let none = InjectionWait(.none, limit: .zero)

    /// Whether the session waits at all.
    public var waits: Bool { condition != .none && limit > .zero }

    /// `until a crash loop (at most 20 s)`, `5 s`, `no wait`.
    public var summary: String {
        guard waits else { return "no wait" }
        let bound = WorkloadPolicy.secondsText(limit)
        switch condition {
        case .none: return "no wait"
        case .elapsed: return bound
        case .crashLoop: return "until a container crash-loops (at most \(bound))"
        case .podPending: return "until a pod is Pending (at most \(bound))"
        case .unhealthy: return "until the app is unhealthy (at most \(bound))"
        case .workloadErrors: return "until the workload sees \(minimumErrors)+ errors (at most \(bound))"
        }
    }

    /// `{"condition": …, "limit": seconds}` (plus `minimum_errors` for the workload condition).
    public var json: JSONValue {
        var object: JSONValue = [
            "condition": .string(condition.rawValue), "limit": .double(WorkloadPolicy.seconds(limit)),
        ]
        if condition == .workloadErrors { object["minimum_errors"] = .int(Int64(minimumErrors)) }
        return object
    }
}
