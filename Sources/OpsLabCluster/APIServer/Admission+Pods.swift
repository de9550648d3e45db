import OpsLabCore
import OpsLabKube

extension Admission {
    /// Kubernetes' `SetDefaults_PodSpec`, `SetDefaults_Container` and `SetDefaults_Probe` for the fields that
    /// kubectl output shows; applied to pods and to pod templates.
    static func defaultPodSpec(_ spec: inout JSONValue) {
        if spec["restartPolicy"] == nil { spec["restartPolicy"] = "Always" }
        if spec["terminationGracePeriodSeconds"] == nil { spec["terminationGracePeriodSeconds"] = 30 }
        if spec["dnsPolicy"] == nil { spec["dnsPolicy"] = "ClusterFirst" }
        if spec["schedulerName"] == nil { spec["schedulerName"] = "default-scheduler" }
        if spec["securityContext"] == nil { spec["securityContext"] = [:] }
        if spec["serviceAccountName"] == nil { spec["serviceAccountName"] = "default" }
        for key in ["containers", "initContainers"] {
            guard let containers = spec[key]?.arrayValue else { continue }
            spec[key] = .array(containers.map(defaultContainer))
        }
    }

    private static func defaultContainer(_ input: JSONValue) -> JSONValue {
        var container = input
        if container["imagePullPolicy"] == nil {
            let image = container["image"]?.stringValue ?? ""
            let tag = image.split(separator: "/").last.flatMap { $0.split(separator: ":").dropFirst().first }
            container["imagePullPolicy"] = tag == nil || tag == "latest" ? "Always" : "IfNotPresent"
        }
        if container["terminationMessagePath"] == nil { container["terminationMessagePath"] = "/dev/termination-log" }
        if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
        if container["resources"] == nil { container["resources"] = [:] }
        if let ports = container["ports"]?.arrayValue {
            container["ports"] = .array(
                ports.map { port in
                    var port = port
                    if port["protocol"] == nil { port["protocol"] = "TCP" }
                    return port
                })
        }
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            guard var value = container[probe], value.objectValue != nil else { continue }
            if value["timeoutSeconds"] == nil { value["timeoutSeconds"] = 1 }
            if value["periodSeconds"] == nil { value["periodSeconds"] = 10 }
            if value["successThreshold"] == nil { value["successThreshold"] = 1 }
            if value["failureThreshold"] == nil { value["failureThreshold"] = 3 }
            if value["httpGet"] != nil {
                if value[path: ["httpGet", "path"]] == nil { value[path: ["httpGet", "path"]] = "/" }
                if value[path: ["httpGet", "scheme"]] == nil { value[path: ["httpGet", "scheme"]] = "HTTP" }
            }
            container[probe] = value
        }
        return container
    }

    /// What admission plugins add to a new pod: priority 0 (Priority) and the not-ready/unreachable
    /// tolerations for 300 s (DefaultTolerationSeconds).
    static func admitPod(_ pod: inout JSONValue) {
        if pod[path: ["spec", "priority"]] == nil { pod[path: ["spec", "priority"]] = 0 }
        if pod[path: ["spec", "preemptionPolicy"]] == nil {
            pod[path: ["spec", "preemptionPolicy"]] = "PreemptLowerPriority"
        }
        if pod[path: ["spec", "enableServiceLinks"]] == nil { pod[path: ["spec", "enableServiceLinks"]] = true }
        var tolerations = pod[path: ["spec", "tolerations"]]?.arrayValue ?? []
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
        where !tolerations.contains(where: { $0["key"]?.stringValue == key && $0["effect"]?.stringValue == "NoExecute" }
        ) {
            tolerations.append([
                "key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300,
            ])
        }
        pod[path: ["spec", "tolerations"]] = .array(tolerations)
    }

    /// Refuses new objects in a namespace that is being deleted, as the NamespaceLifecycle plugin does.
    func refuseInTerminatingNamespace(_ type: ResourceType, _ object: JSONValue) async throws {
        guard type.namespaced, let namespace = object.namespace,
            let found = await context.store.find(.namespaces, namespace: nil, name: namespace), found.isTerminating
        else { return }
        throw APIStatus(
            code: 403, reason: "Forbidden",
            message: "\(type.qualifiedPlural) \"\(object.name)\" is forbidden: unable to create new content in "
                + "namespace \(namespace) because it is being terminated",
            details: ["name": .string(object.name), "group": .string(type.group), "kind": .string(type.plural)])
    }
}
