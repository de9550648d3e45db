import OpsLabCore
import OpsLabKube

/// kube-state-metrics as a pure function: the state of pods, deployments and services as Prometheus series,
/// with the names, labels and values kube-state-metrics v2 gives them.
///
/// ``render(pods:deployments:services:)`` returns the text exposition format (version 0.0.4); families keep a
/// fixed order and series follow the objects sorted by namespace and name, so equal input gives equal text.
public enum KubeStateMetrics {
    /// The pod phases kube-state-metrics reports, one series each.
    public static let podPhases = ["Pending", "Succeeded", "Failed", "Unknown", "Running"]

    /// Renders every family for the given objects (each as the API returns it).
    public static func render(pods: [JSONValue], deployments: [JSONValue], services: [JSONValue]) -> String {
        var writer = KubeStateMetricsWriter()
        let pods = sorted(pods)
        renderPods(pods, into: &writer)
        renderContainers(pods, into: &writer)
        renderDeployments(sorted(deployments), into: &writer)
        renderServices(sorted(services), into: &writer)
        return writer.text
    }

    static func sorted(_ objects: [JSONValue]) -> [JSONValue] {
        objects.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    static func podLabels(_ pod: JSONValue) -> [(String, String)] {
        [("namespace", pod.namespace ?? "default"), ("pod", pod.name), ("uid", pod.uid)]
    }

    static func renderPods(_ pods: [JSONValue], into writer: inout KubeStateMetricsWriter) {
        writer.family("kube_pod_info", "gauge", "Information about pod.")
        for pod in pods {
            let owner = controllerOwner(pod)
            writer.sample(
                "kube_pod_info",
                podLabels(pod) + [
                    ("host_ip", pod[path: ["status", "hostIP"]]?.stringValue ?? ""),
                    ("pod_ip", pod[path: ["status", "podIP"]]?.stringValue ?? ""),
                    ("node", pod[path: ["spec", "nodeName"]]?.stringValue ?? ""),
                    ("created_by_kind", owner?.kind ?? ""), ("created_by_name", owner?.name ?? ""),
                    ("priority_class", pod[path: ["spec", "priorityClassName"]]?.stringValue ?? ""),
                    ("host_network", pod[path: ["spec", "hostNetwork"]]?.boolValue == true ? "true" : "false"),
                ], 1)
        }
        writer.family("kube_pod_owner", "gauge", "Information about the Pod's owner.")
        for pod in pods {
            let owner = controllerOwner(pod)
            writer.sample(
                "kube_pod_owner",
                podLabels(pod) + [
                    ("owner_kind", owner?.kind ?? "<none>"), ("owner_name", owner?.name ?? "<none>"),
                    ("owner_is_controller", owner == nil ? "<none>" : "true"),
                ], 1)
        }
        writer.family("kube_pod_status_phase", "gauge", "The pods current phase.")
        for pod in pods {
            let phase = pod[path: ["status", "phase"]]?.stringValue ?? ""
            for candidate in podPhases {
                writer.sample(
                    "kube_pod_status_phase", podLabels(pod) + [("phase", candidate)], phase == candidate ? 1 : 0)
            }
        }
        writer.family("kube_pod_status_ready", "gauge", "Describes whether the pod is ready to serve requests.")
        for pod in pods {
            guard let status = condition("Ready", of: pod) else { continue }
            for candidate in ["true", "false", "unknown"] {
                writer.sample(
                    "kube_pod_status_ready", podLabels(pod) + [("condition", candidate)],
                    status.lowercased() == candidate ? 1 : 0)
            }
        }
        writer.family(
            "kube_pod_status_scheduled", "gauge", "Describes the status of the scheduling process for the pod.")
        for pod in pods {
            guard let status = condition("PodScheduled", of: pod) else { continue }
            for candidate in ["true", "false", "unknown"] {
                writer.sample(
                    "kube_pod_status_scheduled", podLabels(pod) + [("condition", candidate)],
                    status.lowercased() == candidate ? 1 : 0)
            }
        }
    }

    /// The controller owner reference of an object (kind, name), if any.
    static func controllerOwner(_ object: JSONValue) -> (kind: String, name: String)? {
        let owners = object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        guard let owner = owners.first(where: { $0["controller"]?.boolValue == true }) ?? owners.first,
            let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue
        else { return nil }
        return (kind, name)
    }

    /// The status (`True`, `False`, `Unknown`) of a pod condition, if present.
    static func condition(_ type: String, of pod: JSONValue) -> String? {
        let conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
        return conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue
    }

    static func renderDeployments(_ deployments: [JSONValue], into writer: inout KubeStateMetricsWriter) {
        let families: [(String, String, [String])] = [
            ("kube_deployment_spec_replicas", "Number of desired pods for a deployment.", ["spec", "replicas"]),
            ("kube_deployment_status_replicas", "The number of replicas per deployment.", ["status", "replicas"]),
            (
                "kube_deployment_status_replicas_ready", "The number of ready replicas per deployment.",
                ["status", "readyReplicas"]
            ),
            (
                "kube_deployment_status_replicas_available", "The number of available replicas per deployment.",
                ["status", "availableReplicas"]
            ),
            (
                "kube_deployment_status_replicas_unavailable", "The number of unavailable replicas per deployment.",
                ["status", "unavailableReplicas"]
            ),
            (
                "kube_deployment_status_replicas_updated", "The number of updated replicas per deployment.",
                ["status", "updatedReplicas"]
            ),
            (
                "kube_deployment_status_observed_generation",
                "The generation observed by the deployment controller.", ["status", "observedGeneration"]
            ),
            (
                "kube_deployment_metadata_generation",
                "Sequence number representing a specific generation of the "
                    + "desired state.", ["metadata", "generation"]
            ),
        ]
        for (name, help, path) in families {
            writer.family(name, "gauge", help)
            for deployment in deployments {
                let fallback: Int64 = path == ["spec", "replicas"] ? 1 : 0
                let value = deployment[path: path]?.intValue ?? fallback
                writer.sample(
                    name, [("namespace", deployment.namespace ?? "default"), ("deployment", deployment.name)],
                    Double(value))
            }
        }
    }

    static func renderServices(_ services: [JSONValue], into writer: inout KubeStateMetricsWriter) {
        writer.family("kube_service_info", "gauge", "Information about service.")
        for service in services {
            let ingress = service[path: ["status", "loadBalancer", "ingress"]]?.arrayValue?.first
            writer.sample(
                "kube_service_info",
                [
                    ("namespace", service.namespace ?? "default"), ("service", service.name), ("uid", service.uid),
                    ("cluster_ip", service[path: ["spec", "clusterIP"]]?.stringValue ?? ""),
                    ("external_name", service[path: ["spec", "externalName"]]?.stringValue ?? ""),
                    ("load_balancer_ip", ingress?["ip"]?.stringValue ?? ""),
                ], 1)
        }
        writer.family("kube_service_spec_type", "gauge", "Type about service.")
        for service in services {
            writer.sample(
                "kube_service_spec_type",
                [
                    ("namespace", service.namespace ?? "default"), ("service", service.name), ("uid", service.uid),
                    ("type", service[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"),
                ], 1)
        }
    }
}
