import Foundation
import OpsLabCore
import OpsLabOrchestrator

/// The end-of-run summary printed on stdout (shared with `opslab shell` through ``EpisodeSummary``).
enum RunSummary {
    static func text(_ result: EvaluationResult, resultsDirectory: String, workload: WorkloadRecord? = nil) -> String {
        EpisodeSummary.text(result, resultsDirectory: resultsDirectory, workload: workload)
    }
}
