import Foundation
import OpsLabCore

/// Renders the kubelet's `/metrics/resource` (the endpoint metrics-server scrapes): per container, pod and node
/// CPU seconds and working set, and container start times, with the kubelet's `[STABLE]` help texts.
///
/// The node's figures are the sums over its pods (see ``KubeletMetrics``).
struct ResourceMetricsExposition {
    var pods: [MetricsPod]
    var samples: [ContainerKey: ContainerSample]

    func render() -> String {
        var containerCPU = PrometheusFamily(
            name: "container_cpu_usage_seconds_total",
            help: "[STABLE] Cumulative cpu time consumed by the container in core-seconds", type: "counter")
        var containerMemory = PrometheusFamily(
            name: "container_memory_working_set_bytes", help: "[STABLE] Current working set of the container in bytes",
            type: "gauge")
        var containerStart = PrometheusFamily(
            name: "container_start_time_seconds",
            help: "[STABLE] Start time of the container since unix epoch in seconds",
            type: "gauge")
        var podCPU = PrometheusFamily(
            name: "pod_cpu_usage_seconds_total",
            help: "[STABLE] Cumulative cpu time consumed by the pod in core-seconds",
            type: "counter")
        var podMemory = PrometheusFamily(
            name: "pod_memory_working_set_bytes", help: "[STABLE] Current working set of the pod in bytes",
            type: "gauge")
        var nodeCPU = 0.0
        var nodeMemory: Int64 = 0
        var nodeTimestamp: Int64?
        for pod in pods {
            var cpu = 0.0
            var memory: Int64 = 0
            var newest: Int64?
            for container in pod.containers {
                guard let sample = samples[pod.key(container.name)] else { continue }
                let timestamp = Int64((sample.timestamp.timeIntervalSince1970 * 1000).rounded())
                let labels = ["container": container.name, "namespace": pod.namespace, "pod": pod.name]
                containerCPU.samples.append(.init(labels: labels, value: sample.usage.cpuSeconds, timestamp: timestamp))
                containerMemory.samples.append(
                    .init(labels: labels, value: Double(sample.usage.residentBytes), timestamp: timestamp))
                if let start = sample.usage.startTime {
                    containerStart.samples.append(
                        .init(labels: labels, value: start.timeIntervalSince1970.rounded(.down), timestamp: timestamp))
                }
                cpu += sample.usage.cpuSeconds
                memory += sample.usage.residentBytes
                newest = max(newest ?? 0, timestamp)
            }
            guard let newest else { continue }
            let labels = ["namespace": pod.namespace, "pod": pod.name]
            podCPU.samples.append(.init(labels: labels, value: cpu, timestamp: newest))
            podMemory.samples.append(.init(labels: labels, value: Double(memory), timestamp: newest))
            nodeCPU += cpu
            nodeMemory += memory
            nodeTimestamp = max(nodeTimestamp ?? 0, newest)
        }
        var families = [containerCPU, containerMemory, containerStart, podCPU, podMemory]
        if let nodeTimestamp {
            families.append(
                PrometheusFamily(
                    name: "node_cpu_usage_seconds_total",
                    help: "[STABLE] Cumulative cpu time consumed by the node in core-seconds", type: "counter",
                    samples: [.init(labels: [:], value: nodeCPU, timestamp: nodeTimestamp)]))
            families.append(
                PrometheusFamily(
                    name: "node_memory_working_set_bytes", help: "[STABLE] Current working set of the node in bytes",
                    type: "gauge", samples: [.init(labels: [:], value: Double(nodeMemory), timestamp: nodeTimestamp)]))
        }
        families.append(
            PrometheusFamily(
                name: "resource_scrape_error",
                help: "[STABLE] 1 if there was an error while getting container metrics, 0 otherwise", type: "gauge",
                samples: [.init(labels: [:], value: 0)]))
        return PrometheusText.render(families)
    }
}

extension KubeletMetrics {
    /// `/metrics/resource` for `node`, given every pod.
    func resource(node: String, pods: [JSONValue]) -> String {
        stats.refresh(maxAge: 1)
        let bound = pods.map(MetricsPod.init).filter { $0.node == node }
        return ResourceMetricsExposition(pods: bound, samples: stats.latestSamples()).render()
    }
}
