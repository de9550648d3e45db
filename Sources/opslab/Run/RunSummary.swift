import Foundation
import OpsLabCore

/// The end-of-run summary printed on stdout.
enum RunSummary {
    static func text(_ result: EvaluationResult, resultsDirectory: String) -> String {
        var lines = [
            "Problem:  \(result.problemID)",
            "Agent:    \(result.agent)",
            "Session:  \(result.sessionID)",
            "Results:",
        ]
        for entry in result.results.entries { lines.append("  \(entry.key): \(entry.value.jsonString())") }
        let file = (resultsDirectory as NSString).appendingPathComponent("\(result.sessionID).json")
        lines.append("Result file: \(file)")
        return lines.joined(separator: "\n")
    }
}
