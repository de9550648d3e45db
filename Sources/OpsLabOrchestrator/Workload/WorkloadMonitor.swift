import Foundation
import OpsLabWorkload
import Synchronization

/// The background workload's latest counters, updated from the load generator's progress callback (about once a
/// second) and read by the session's symptom wait.
final class WorkloadMonitor: Sendable {
    private let state = Mutex<(completed: Int, errors: Int)>((0, 0))

    /// Records a progress report.
    func update(_ progress: LoadProgress) {
        state.withLock { $0 = (progress.counters.completed, progress.counters.errors.total) }
    }

    /// Failed requests so far (socket and status errors).
    var errors: Int { state.withLock { $0.errors } }

    /// Completed requests so far.
    var completed: Int { state.withLock { $0.completed } }
}
