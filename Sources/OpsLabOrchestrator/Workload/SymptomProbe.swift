import Foundation
import OpsLabCore
import OpsLabFaults

/// Decides, from values, whether an ``InjectionWait/Condition`` holds.
public enum SymptomProbe {
    /// Container waiting reasons that count as a crash loop.
    public static let crashReasons: Set<String> = [
        "CrashLoopBackOff", "Error", "ImagePullBackOff", "ErrImagePull", "RunContainerError", "CreateContainerError",
    ]

    /// A one-line description of the first symptom `condition` sees in `pods` (JSON Pod objects) or in
    /// `workloadErrors` (failed requests since the injection), or `nil` when it does not hold yet.
    /// ``InjectionWait/Condition/none`` holds at once; ``InjectionWait/Condition/elapsed`` never does.
    public static func symptom(
        _ wait: InjectionWait, pods: [JSONValue], workloadErrors: Int, now: Date = Date()
    ) -> String? {
        switch wait.condition {
        case .none: return "no wait"
        case .elapsed: return nil
        case .crashLoop: return pods.sorted { $0.podName < $1.podName }.lazy.compactMap(crash).first
        case .podPending:
            return pods.first {
                $0[path: ["status", "phase"]]?.stringValue == "Pending"
                    && $0[path: ["metadata", "deletionTimestamp"]] == nil
            }.map { "pod \($0.podName) is Pending" }
        case .unhealthy:
            return AppHealth.evaluate(pods: pods, now: now).reasons.first
        case .workloadErrors:
            return workloadErrors >= wait.minimumErrors ? "the workload saw \(workloadErrors) failed requests" : nil
        }
    }

    /// The crash symptom of one pod: a crash-like waiting reason, an error termination, or a restart.
    static func crash(_ pod: JSONValue) -> String? {
        for status in pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
            let container = "pod \(pod.podName) container \(status["name"]?.stringValue ?? "?")"
            if let reason = status[path: ["state", "waiting", "reason"]]?.stringValue, crashReasons.contains(reason) {
                return "\(container) is waiting: \(reason)"
            }
            if let reason = status[path: ["state", "terminated", "reason"]]?.stringValue, reason != "Completed" {
                return "\(container) terminated: \(reason)"
            }
            if let restarts = status["restartCount"]?.intValue, restarts > 0 {
                return "\(container) restarted (\(restarts))"
            }
        }
        return nil
    }
}

extension JSONValue {
    fileprivate var podName: String { self[path: ["metadata", "name"]]?.stringValue ?? "?" }
}
