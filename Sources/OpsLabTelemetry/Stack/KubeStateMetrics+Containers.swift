import OpsLabCore
import OpsLabKube

extension KubeStateMetrics {
    /// The container families, from each pod's `status.containerStatuses` (and `spec.containers` for images).
    static func renderContainers(_ pods: [JSONValue], into writer: inout KubeStateMetricsWriter) {
        let statuses: [(pod: JSONValue, status: JSONValue)] = pods.flatMap { pod in
            (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).map { (pod, $0) }
        }
        func labels(_ pod: JSONValue, _ status: JSONValue) -> [(String, String)] {
            podLabels(pod) + [("container", status["name"]?.stringValue ?? "")]
        }
        writer.family("kube_pod_container_info", "gauge", "Information about a container in a pod.")
        for (pod, status) in statuses {
            let name = status["name"]?.stringValue ?? ""
            let spec = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }
            writer.sample(
                "kube_pod_container_info",
                labels(pod, status) + [
                    ("image_spec", spec?["image"]?.stringValue ?? status["image"]?.stringValue ?? ""),
                    ("image", status["image"]?.stringValue ?? ""),
                    ("image_id", status["imageID"]?.stringValue ?? ""),
                    ("container_id", status["containerID"]?.stringValue ?? ""),
                ], 1)
        }
        writer.family(
            "kube_pod_container_status_restarts_total", "counter",
            "The number of container restarts per container.")
        for (pod, status) in statuses {
            writer.sample(
                "kube_pod_container_status_restarts_total", labels(pod, status),
                Double(status["restartCount"]?.intValue ?? 0))
        }
        writer.family(
            "kube_pod_container_status_ready", "gauge", "Describes whether the containers readiness check succeeded.")
        for (pod, status) in statuses {
            writer.sample(
                "kube_pod_container_status_ready", labels(pod, status), status["ready"]?.boolValue == true ? 1 : 0)
        }
        for (state, help) in [
            ("running", "Describes whether the container is currently in running state."),
            ("waiting", "Describes whether the container is currently in waiting state."),
            ("terminated", "Describes whether the container is currently in terminated state."),
        ] {
            let name = "kube_pod_container_status_\(state)"
            writer.family(name, "gauge", help)
            for (pod, status) in statuses {
                writer.sample(name, labels(pod, status), status[path: ["state", state]] == nil ? 0 : 1)
            }
        }
        renderReasons(statuses, labels: labels, into: &writer)
    }

    /// The reason families: a series with value 1 for the current waiting or terminated reason, and for the
    /// last termination's reason, as kube-state-metrics v2 reports them (no series without a reason).
    static func renderReasons(
        _ statuses: [(pod: JSONValue, status: JSONValue)],
        labels: (JSONValue, JSONValue) -> [(String, String)], into writer: inout KubeStateMetricsWriter
    ) {
        let families: [(String, String, [String])] = [
            (
                "kube_pod_container_status_waiting_reason",
                "Describes the reason the container is currently in waiting state.", ["state", "waiting", "reason"]
            ),
            (
                "kube_pod_container_status_terminated_reason",
                "Describes the reason the container is currently in terminated state.",
                ["state", "terminated", "reason"]
            ),
            (
                "kube_pod_container_status_last_terminated_reason",
                "Describes the last reason the container was in terminated state.",
                ["lastState", "terminated", "reason"]
            ),
        ]
        for (name, help, path) in families {
            writer.family(name, "gauge", help)
            for (pod, status) in statuses {
                guard let reason = status[path: path]?.stringValue, !reason.isEmpty else { continue }
                writer.sample(name, labels(pod, status) + [("reason", reason)], 1)
            }
        }
        writer.family(
            "kube_pod_container_status_last_terminated_exitcode", "gauge",
            "Describes the exit code for the last container in terminated state.")
        for (pod, status) in statuses {
            guard let code = status[path: ["lastState", "terminated", "exitCode"]]?.intValue else { continue }
            writer.sample("kube_pod_container_status_last_terminated_exitcode", labels(pod, status), Double(code))
        }
    }
}
