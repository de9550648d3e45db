import Foundation
import OpsLabCore
import OpsLabKube

/// What the resource metrics need to know about a pod, read from its object.
struct MetricsPod: Sendable {
    /// One container of the pod.
    struct Container: Sendable {
        var name: String
        /// The image the container runs (its status, else its spec).
        var image: String
        /// The runtime's container id without the `containerd://` prefix; empty before the first start.
        var id: String
        /// `resources.limits.cpu` in cores.
        var cpuLimit: Double?
        /// `resources.limits.memory` in bytes.
        var memoryLimit: Double?
        /// `resources.requests.cpu` in cores (else the limit, as Kubernetes defaults it).
        var cpuRequest: Double?
    }

    var namespace: String
    var name: String
    var uid: String
    var node: String?
    var podIP: String?
    var qosClass: String
    var labels: [String: String]
    var containers: [Container]

    init(_ pod: JSONValue) {
        namespace = pod.namespace ?? "default"
        name = pod.name
        uid = pod.uid
        node = pod[path: ["spec", "nodeName"]]?.stringValue
        podIP = pod[path: ["status", "podIP"]]?.stringValue
        qosClass = pod[path: ["status", "qosClass"]]?.stringValue ?? "BestEffort"
        labels = pod.labels
        var statuses: [String: JSONValue] = [:]
        for status in pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
            if let name = status["name"]?.stringValue { statuses[name] = status }
        }
        let specs = (try? pod[path: ["spec", "containers"]]?.decode([OpsLabKube.Container].self)) ?? []
        containers = specs.map { spec in
            let status = statuses[spec.name]
            let id = status?["containerID"]?.stringValue ?? ""
            let limits = spec.resources?.limits ?? [:]
            let requests = spec.resources?.requests ?? [:]
            return Container(
                name: spec.name, image: status?["image"]?.stringValue ?? spec.image ?? "",
                id: id.split(separator: "/").last.map(String.init) ?? "",
                cpuLimit: limits["cpu"]?.value, memoryLimit: limits["memory"]?.value,
                cpuRequest: requests["cpu"]?.value ?? limits["cpu"]?.value
            )
        }
    }

    /// The key of one of its containers in the stats history.
    func key(_ container: String) -> ContainerKey {
        ContainerKey(namespace: namespace, pod: name, container: container)
    }

    /// The pod's cgroup as the kubelet's cgroupfs driver names it: `/kubepods[/burstable|/besteffort]/pod<uid>`.
    var cgroup: String {
        switch qosClass {
        case "Guaranteed": return "/kubepods/pod\(uid)"
        case "Burstable": return "/kubepods/burstable/pod\(uid)"
        default: return "/kubepods/besteffort/pod\(uid)"
        }
    }
}
