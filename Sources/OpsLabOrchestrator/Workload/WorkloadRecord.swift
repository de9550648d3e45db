import Foundation
import OpsLabCore

/// The workload policy a session used and what its wait after injection saw; written to the results file as
/// `workload`.
public struct WorkloadRecord: Sendable, Hashable {
    /// The policy in effect (defaults with overrides applied).
    public var policy: WorkloadPolicy
    /// Seconds actually waited after the injection.
    public var waitedSeconds: Double
    /// The symptom that ended the wait, or `nil` when it ran to its limit (or did not wait).
    public var symptom: String?

    /// Creates a record.
    public init(policy: WorkloadPolicy, waitedSeconds: Double = 0, symptom: String? = nil) {
        self.policy = policy
        self.waitedSeconds = waitedSeconds
        self.symptom = symptom
    }

    /// The policy's JSON plus `waited` (seconds) and `symptom` (text or null).
    public var json: JSONValue {
        var object = policy.json
        object["waited"] = .double((waitedSeconds * 100).rounded() / 100)
        object["symptom"] = symptom.map(JSONValue.string) ?? .null
        return object
    }
}
