import Foundation
import OpsLabCore
import OpsLabKube

/// The kubelet's resource metrics as the API server serves them: the cAdvisor exposition of a node, the
/// kubelet's resource metrics, and metrics-server's `metrics.k8s.io/v1beta1` objects.
///
/// Pod metrics are CPU rates over the window between two samples and the working set of the newest one; a pod
/// none of whose containers has two samples yet is left out (as metrics-server does). A node's usage is the sum
/// over the pods bound to it: the embedded nodes have no system processes of their own, so a node without pods
/// reports zero.
public struct KubeletMetrics: Sendable {
    /// The container sampler.
    public let stats: ContainerStatsCollector
    /// The proxy's per-pod traffic.
    public let traffic: ProxyTrafficCounters
    /// The machine the nodes share.
    public let machine: MachineInfo

    /// Creates the metrics view.
    public init(stats: ContainerStatsCollector, traffic: ProxyTrafficCounters, machine: MachineInfo = .current()) {
        self.stats = stats
        self.traffic = traffic
        self.machine = machine
    }

    /// The metrics API's group and version.
    static let groupVersion = "metrics.k8s.io/v1beta1"

    /// `/metrics/cadvisor` for `node`, given every pod (those bound to other nodes are skipped).
    func cadvisor(node: String, pods: [JSONValue]) -> String {
        stats.refresh(maxAge: 1)
        let bound = pods.map(MetricsPod.init).filter { $0.node == node }
        return CAdvisorExposition(
            pods: bound, samples: stats.latestSamples(), traffic: traffic.snapshot(), machine: machine
        ).render()
    }

    /// The `PodMetrics` of one pod, or `nil` when none of its containers has a rate yet.
    func podMetrics(_ object: JSONValue, rates: [ContainerKey: ContainerRate], now: Date) -> JSONValue? {
        let pod = MetricsPod(object)
        var containers: [JSONValue] = []
        var newest: ContainerRate?
        for container in pod.containers {
            guard let rate = rates[pod.key(container.name)] else { continue }
            if newest.map({ rate.latest.timestamp > $0.latest.timestamp }) ?? true { newest = rate }
            containers.append([
                "name": .string(container.name),
                "usage": [
                    "cpu": .string(MetricsQuantity.cpu(cores: rate.cores)),
                    "memory": .string(MetricsQuantity.memory(bytes: rate.latest.usage.residentBytes)),
                ],
            ])
        }
        guard let newest else { return nil }
        var metadata: JSONValue = [
            "name": .string(pod.name), "namespace": .string(pod.namespace),
            "creationTimestamp": .string(ObjectStore.timestamp(now)),
        ]
        if !pod.labels.isEmpty { metadata["labels"] = .object(pod.labels.mapValues(JSONValue.string)) }
        return [
            "kind": "PodMetrics", "apiVersion": .string(Self.groupVersion), "metadata": metadata,
            "timestamp": .string(ObjectStore.timestamp(newest.latest.timestamp)),
            "window": .string(MetricsQuantity.goDuration(seconds: newest.window)),
            "containers": .array(containers),
        ]
    }

    /// The `NodeMetrics` of a node: the sum over the pods bound to it.
    func nodeMetrics(
        _ node: JSONValue, pods: [JSONValue], rates: [ContainerKey: ContainerRate], now: Date
    )
        -> JSONValue
    {
        var cores = 0.0
        var memory: Int64 = 0
        var timestamp: Date?
        var window: TimeInterval?
        for pod in pods.map(MetricsPod.init) where pod.node == node.name {
            for container in pod.containers {
                guard let rate = rates[pod.key(container.name)] else { continue }
                cores += rate.cores
                memory += rate.latest.usage.residentBytes
                if timestamp.map({ rate.latest.timestamp > $0 }) ?? true { timestamp = rate.latest.timestamp }
                window = max(window ?? 0, rate.window)
            }
        }
        var metadata: JSONValue = [
            "name": .string(node.name), "creationTimestamp": .string(ObjectStore.timestamp(now)),
        ]
        if !node.labels.isEmpty { metadata["labels"] = .object(node.labels.mapValues(JSONValue.string)) }
        let interval = ContainerStatsCollector.seconds(stats.configuration.interval)
        return [
            "kind": "NodeMetrics", "apiVersion": .string(Self.groupVersion), "metadata": metadata,
            "timestamp": .string(ObjectStore.timestamp(timestamp ?? now)),
            "window": .string(MetricsQuantity.goDuration(seconds: window ?? interval)),
            "usage": [
                "cpu": .string(MetricsQuantity.cpu(cores: cores)),
                "memory": .string(MetricsQuantity.memory(bytes: memory)),
            ],
        ]
    }
}
