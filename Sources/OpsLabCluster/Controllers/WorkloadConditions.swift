import OpsLabCore

/// Pure helpers for the `status.conditions` lists of workloads, with Kubernetes' update rules.
public enum WorkloadConditions {
    /// The condition of a type, if present.
    public static func find(_ conditions: [JSONValue], type: String) -> JSONValue? {
        conditions.first { $0["type"]?.stringValue == type }
    }

    /// Sets a condition. When one of the type exists with the same status and reason, nothing changes.
    /// Otherwise the old one is removed and the new one appended with `lastUpdateTime = now`;
    /// `lastTransitionTime` is kept when the status did not change.
    public static func set(
        _ conditions: [JSONValue], type: String, status: String, reason: String, message: String, now: String
    ) -> [JSONValue] {
        let current = find(conditions, type: type)
        if current?["status"]?.stringValue == status && current?["reason"]?.stringValue == reason {
            return conditions
        }
        return replace(conditions, type: type, status: status, reason: reason, message: message, now: now)
    }

    /// Replaces a condition even when status and reason are unchanged (bumping `lastUpdateTime`), keeping
    /// `lastTransitionTime` when the status did not change.
    public static func replace(
        _ conditions: [JSONValue], type: String, status: String, reason: String, message: String, now: String
    ) -> [JSONValue] {
        let current = find(conditions, type: type)
        let transition =
            current?["status"]?.stringValue == status ? current?["lastTransitionTime"] ?? .string(now) : .string(now)
        let condition: JSONValue = [
            "type": .string(type), "status": .string(status), "reason": .string(reason),
            "message": .string(message), "lastUpdateTime": .string(now), "lastTransitionTime": transition,
        ]
        return conditions.filter { $0["type"]?.stringValue != type } + [condition]
    }
}
