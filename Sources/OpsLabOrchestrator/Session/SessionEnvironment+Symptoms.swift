import Foundation
import OpsLabCore
import OpsLabFaults
import OpsLabKube

extension SessionEnvironment {
    /// Waits after the injection as `policy` says: until its condition holds or its limit passes. Polling errors
    /// (the API server briefly busy) are ignored; only cancellation ends the wait with an error.
    static func waitForSymptoms(
        _ policy: WorkloadPolicy, env: FaultEnvironment, monitor: WorkloadMonitor, say: (String) -> Void
    ) async throws -> WorkloadRecord {
        let wait = policy.wait
        guard wait.waits else { return WorkloadRecord(policy: policy) }
        let started = ContinuousClock.now
        let deadline = started + wait.limit
        let baselineErrors = monitor.errors
        say("waiting for symptoms: \(wait.summary)")
        while true {
            var pods: [JSONValue] = []
            if wait.condition != .elapsed, wait.condition != .workloadErrors {
                pods = (try? await env.client.list(.pods, namespace: env.namespace))?["items"]?.arrayValue ?? []
            }
            let symptom = SymptomProbe.symptom(wait, pods: pods, workloadErrors: monitor.errors - baselineErrors)
            let waited = WorkloadPolicy.seconds(ContinuousClock.now - started)
            if let symptom {
                say(String(format: "symptoms visible after %.1f s", waited))
                return WorkloadRecord(policy: policy, waitedSeconds: waited, symptom: symptom)
            }
            if ContinuousClock.now >= deadline {
                if wait.condition != .elapsed { say(String(format: "no symptom seen within %.1f s; going on", waited)) }
                return WorkloadRecord(policy: policy, waitedSeconds: waited)
            }
            try await Task.sleep(for: min(wait.poll, deadline - ContinuousClock.now))
        }
    }
}
