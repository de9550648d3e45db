import Foundation
import OpsLabCore

@testable import OpsLabKube

/// Shared objects for the printing tests; `now` is 2026-01-02T15:10:00Z.
enum PrintingFixtures {
    static let now = KubeTime.parse("2026-01-02T15:10:00Z")!

    static func timestamp(secondsAgo: Double) -> JSONValue {
        .string(KubeTime.rfc3339(now.addingTimeInterval(-secondsAgo)))
    }

    static func pod(
        _ name: String, age: Double = 600, phase: String = "Running", spec: JSONValue? = nil,
        statuses: [JSONValue] = [], initStatuses: [JSONValue]? = nil, conditions: [JSONValue] = [],
        extraStatus: [String: JSONValue] = [:], deleting: Bool = false
    ) -> JSONValue {
        var status: [String: JSONValue] = ["phase": .string(phase), "containerStatuses": .array(statuses)]
        if let initStatuses { status["initContainerStatuses"] = .array(initStatuses) }
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        status.merge(extraStatus) { _, new in new }
        var metadata: JSONValue = [
            "name": .string(name), "namespace": "test-hotel", "uid": "u-1", "resourceVersion": "42",
            "creationTimestamp": timestamp(secondsAgo: age), "labels": ["app": "geo", "tier": "backend"],
            "managedFields": [["manager": "kubectl"]],
        ]
        if deleting { metadata["deletionTimestamp"] = timestamp(secondsAgo: 1) }
        return [
            "apiVersion": "v1", "kind": "Pod", "metadata": metadata,
            "spec": spec ?? ["containers": [["name": "main", "image": "img"]], "nodeName": "kind-worker"],
            "status": .object(status),
        ]
    }

    static func running(_ name: String = "main", ready: Bool = true, restarts: Int64 = 0) -> JSONValue {
        [
            "name": .string(name), "ready": .bool(ready), "restartCount": .int(restarts),
            "state": ["running": ["startedAt": timestamp(secondsAgo: 100)]],
        ]
    }

    static func waiting(_ reason: String, restarts: Int64 = 0, finishedSecondsAgo: Double? = nil) -> JSONValue {
        var status: JSONValue = [
            "name": "main", "ready": false, "restartCount": .int(restarts),
            "state": ["waiting": ["reason": .string(reason)]],
        ]
        if let finishedSecondsAgo {
            status["lastState"] = [
                "terminated": [
                    "exitCode": 1, "reason": "Error",
                    "finishedAt": timestamp(secondsAgo: finishedSecondsAgo),
                ]
            ]
        }
        return status
    }

    static func terminated(
        _ name: String = "main", exitCode: Int64, reason: String? = nil, signal: Int64? = nil
    )
        -> JSONValue
    {
        var state: JSONValue = ["exitCode": .int(exitCode)]
        if let reason { state["reason"] = .string(reason) }
        if let signal { state["signal"] = .int(signal) }
        return ["name": .string(name), "ready": false, "restartCount": 0, "state": ["terminated": state]]
    }
}
