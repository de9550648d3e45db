import OpsLabCore
import OpsLabKube

/// Kubernetes service discovery as Prometheus's `kubernetes_sd_configs` plus the usual relabelling does it,
/// on objects read from the API: pure functions from pod and node JSON to ``DiscoveredTarget``s.
public enum TargetDiscovery {
    /// The job of annotated pods.
    public static let podJob = "kubernetes-pods"
    /// The job of the nodes' cAdvisor metrics, read through the API server.
    public static let cadvisorJob = "kubelet-cadvisor"
    /// The job of the stack's kube-state-metrics endpoint.
    public static let kubeStateMetricsJob = "kube-state-metrics"
    /// The job of the stack's own metrics.
    public static let prometheusJob = "prometheus"

    /// `prometheus.io/scrape`.
    public static let scrapeAnnotation = "prometheus.io/scrape"
    /// `prometheus.io/port`.
    public static let portAnnotation = "prometheus.io/port"
    /// `prometheus.io/path`.
    public static let pathAnnotation = "prometheus.io/path"
    /// `prometheus.io/scheme`.
    public static let schemeAnnotation = "prometheus.io/scheme"

    /// The targets of annotated pods, sorted by namespace, pod and port.
    ///
    /// A pod counts when `prometheus.io/scrape` is `"true"`, it is Running, has a pod IP and is not being
    /// deleted. Its port is `prometheus.io/port`; without the annotation every declared TCP container port is a
    /// target (as Kubernetes SD makes one per port). Path: `prometheus.io/path` (default `/metrics`). Labels:
    /// `namespace`, `pod`, `container` (the container declaring the port, or the only container), `node`,
    /// `app` (from `io.kompose.service`, else `app`, else `app.kubernetes.io/name`), `instance` = `podIP:port`.
    public static func podTargets(_ pods: [JSONValue]) -> [DiscoveredTarget] {
        var result: [DiscoveredTarget] = []
        for pod in pods {
            let annotations = pod.annotations
            guard annotations[scrapeAnnotation]?.lowercased() == "true", !pod.isTerminating,
                pod[path: ["status", "phase"]]?.stringValue == "Running",
                let ip = pod[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty
            else { continue }
            let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
            var path = annotations[pathAnnotation] ?? "/metrics"
            if path.isEmpty { path = "/metrics" }
            if !path.hasPrefix("/") { path = "/" + path }
            let scheme = annotations[schemeAnnotation].flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "http"
            var ports: [Int] = []
            if let text = annotations[portAnnotation] {
                guard let port = Int(text.trimmingCharacters(in: .whitespaces)), port > 0, port < 65_536 else {
                    continue
                }
                ports = [port]
            } else {
                ports = declaredPorts(containers)
            }
            for port in ports {
                var labels: [String: String] = [
                    "namespace": pod.namespace ?? "default", "pod": pod.name, "instance": "\(ip):\(port)",
                ]
                if let container = owner(of: port, in: containers) { labels["container"] = container }
                if let node = pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty { labels["node"] = node }
                if let app = appLabel(pod.labels) { labels["app"] = app }
                result.append(
                    DiscoveredTarget(
                        job: podJob, access: .direct(scheme: scheme, address: "\(ip):\(port)", path: path),
                        labels: labels))
            }
        }
        return result.sorted {
            ($0.labels["namespace"] ?? "", $0.labels["pod"] ?? "", $0.instance)
                < ($1.labels["namespace"] ?? "", $1.labels["pod"] ?? "", $1.instance)
        }
    }

    /// One cAdvisor target per node, scraped through the API server at `/api/v1/nodes/<node>/proxy/metrics/cadvisor`,
    /// labelled `node` and `instance` with the node's name.
    public static func nodeTargets(_ nodes: [JSONValue]) -> [DiscoveredTarget] {
        nodes.map(\.name).filter { !$0.isEmpty }.sorted().map { node in
            DiscoveredTarget(
                job: cadvisorJob,
                access: .apiServer(path: "/api/v1/nodes/\(node)/proxy/metrics/cadvisor"),
                labels: ["node": node, "instance": node])
        }
    }

    /// The stack's own kube-state-metrics endpoint at `address` (`clusterIP:8080`).
    public static func kubeStateMetricsTarget(address: String) -> DiscoveredTarget {
        DiscoveredTarget(
            job: kubeStateMetricsJob, access: .direct(scheme: "http", address: address, path: "/metrics"),
            labels: ["instance": address])
    }

    /// The stack's own metrics on the prometheus Service (`clusterIP:9090`), job `prometheus` as Prometheus's
    /// default self-scrape names it.
    public static func prometheusTarget(address: String) -> DiscoveredTarget {
        DiscoveredTarget(
            job: prometheusJob, access: .direct(scheme: "http", address: address, path: "/metrics"),
            labels: ["instance": address])
    }

    /// The application label Prometheus configs usually copy: `io.kompose.service`, `app`, then
    /// `app.kubernetes.io/name`.
    static func appLabel(_ labels: [String: String]) -> String? {
        for key in ["io.kompose.service", "app", "app.kubernetes.io/name"] {
            if let value = labels[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// Every declared TCP container port, in container order, without duplicates.
    static func declaredPorts(_ containers: [JSONValue]) -> [Int] {
        var seen: Set<Int> = []
        var result: [Int] = []
        for container in containers {
            for port in container["ports"]?.arrayValue ?? [] {
                guard (port["protocol"]?.stringValue ?? "TCP") == "TCP", let number = port["containerPort"]?.intValue
                else { continue }
                if seen.insert(Int(number)).inserted { result.append(Int(number)) }
            }
        }
        return result
    }

    /// The container declaring `port`, else the only container, else `nil`.
    static func owner(of port: Int, in containers: [JSONValue]) -> String? {
        for container in containers {
            let ports = container["ports"]?.arrayValue ?? []
            if ports.contains(where: { $0["containerPort"]?.intValue == Int64(port) }) {
                return container["name"]?.stringValue
            }
        }
        return containers.count == 1 ? containers[0]["name"]?.stringValue : nil
    }
}
