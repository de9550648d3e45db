import Foundation
import OpsLabCore

/// The end-of-episode summary that `opslab run` and `opslab shell` print: problem, agent, session, each metric
/// (with token counts labelled as reported or estimated), the workload policy and the result file.
public enum EpisodeSummary {
    /// The summary lines of `result`, written under `resultsDirectory`.
    public static func text(
        _ result: EvaluationResult, resultsDirectory: String, workload: WorkloadRecord? = nil
    ) -> String {
        var lines = [
            "Problem:  \(result.problemID)",
            "Agent:    \(result.agent)",
            "Session:  \(result.sessionID)",
            "Results:",
        ]
        let estimated = result.results["tokens_estimated"]?.boolValue ?? true
        for entry in result.results.entries {
            var line = "  \(entry.key): \(entry.value.jsonString())"
            if entry.key == "in_tokens" || entry.key == "out_tokens" {
                line += estimated ? " (estimated)" : " (reported by the agent)"
            }
            lines.append(line)
        }
        if let workload {
            lines.append("Workload: \(workload.policy.summary)")
            if workload.policy.wait.waits {
                lines.append(
                    String(format: "  waited %.1f s after injection", workload.waitedSeconds)
                        + (workload.symptom == nil ? " (no symptom seen)" : " (symptoms visible)"))
            }
        }
        let file = (resultsDirectory as NSString).appendingPathComponent("\(result.sessionID).json")
        lines.append("Result file: \(file)")
        return lines.joined(separator: "\n")
    }
}
