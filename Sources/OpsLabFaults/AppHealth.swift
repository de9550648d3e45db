import Foundation
import OpsLabCore
import OpsLabKube

/// The generic "all healthy" mitigation check, as AIOpsLab grades it, plus a restart window.
///
/// A namespace is healthy when every pod (except finished ones, phase `Succeeded`) is Running and not being
/// deleted, and every container is ready, not waiting in `CrashLoopBackOff` (or an image pull error), not
/// terminated with a reason other than `Completed`, and has not restarted within the last `restartWindow`.
public enum AppHealth {
    /// The default restart window: a container that died less than this long ago is not healthy yet.
    public static let defaultRestartWindow: Duration = .seconds(10)

    /// Lists the namespace's pods and judges them (see ``evaluate(pods:now:restartWindow:)``).
    public static func check(
        _ env: FaultEnvironment, restartWindow: Duration = defaultRestartWindow, now: Date = Date()
    ) async throws -> MitigationVerdict {
        let pods = try await env.client.list(.pods, namespace: env.namespace)["items"]?.arrayValue ?? []
        return evaluate(pods: pods, now: now, restartWindow: restartWindow)
    }

    /// Judges pods given as JSON; a verdict with one reason per problem found, in pod-name order.
    public static func evaluate(
        pods: [JSONValue], now: Date, restartWindow: Duration = defaultRestartWindow
    ) -> MitigationVerdict {
        var reasons: [String] = []
        for pod in pods.sorted(by: { $0.name < $1.name }) {
            reasons += problems(of: pod, now: now, restartWindow: restartWindow)
        }
        return MitigationVerdict(reasons: reasons)
    }

    /// The problems of one pod, one line each (empty when it is healthy).
    public static func problems(of pod: JSONValue, now: Date, restartWindow: Duration) -> [String] {
        let name = "pod \(pod.name)"
        let phase = pod[path: ["status", "phase"]]?.stringValue ?? "Unknown"
        if phase == "Succeeded" { return [] }
        if pod.isTerminating { return ["\(name) is terminating"] }
        var reasons: [String] = []
        if phase != "Running" {
            let why = pod[path: ["status", "conditions"]]?.arrayValue?
                .first { $0["type"]?.stringValue == "PodScheduled" && $0["status"]?.stringValue == "False" }
            let detail = why.flatMap { $0["reason"]?.stringValue }.map { " (\($0))" } ?? ""
            reasons.append("\(name) is \(phase)\(detail)")
        }
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        if statuses.isEmpty && phase == "Running" { reasons.append("\(name) reports no container status") }
        let window =
            Double(restartWindow.components.seconds)
            + Double(restartWindow.components.attoseconds) / 1e18
        for status in statuses {
            let container = "\(name) container \(status["name"]?.stringValue ?? "?")"
            if let waiting = status[path: ["state", "waiting"]] {
                let reason = waiting["reason"]?.stringValue ?? "unknown reason"
                reasons.append("\(container) is waiting: \(reason)")
                continue
            }
            if let terminated = status[path: ["state", "terminated"]] {
                let reason = terminated["reason"]?.stringValue ?? "unknown reason"
                if reason != "Completed" { reasons.append("\(container) terminated: \(reason)") }
                continue
            }
            if status["ready"]?.boolValue != true { reasons.append("\(container) is not ready") }
            if let finished = status[path: ["lastState", "terminated", "finishedAt"]]?.stringValue,
                let date = parseTime(finished)
            {
                let age = now.timeIntervalSince(date)
                if age < window {
                    let restarts = status["restartCount"]?.intValue ?? 0
                    reasons.append(
                        "\(container) restarted \(Int(age.rounded()))s ago (\(restarts) restarts)")
                }
            }
        }
        return reasons
    }

    /// Parses an RFC 3339 timestamp (`2024-05-01T10:00:00Z`, fractional seconds allowed).
    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
