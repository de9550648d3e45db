import Foundation

/// Renders the kubelet's `/metrics/cadvisor` for one node from the stats history, the pods bound to the node and
/// the proxy's traffic counters.
///
/// Per running container, series carry `container`, `id` (the cgroupfs path `/kubepods/<qos>/pod<uid>/<id>`),
/// `image`, `name` (the container id), `namespace` and `pod`; per pod, the same families summed over its
/// containers with `container=""`, `image=""`, `name=""` and the pod cgroup as `id`, plus the pod's network
/// series (`interface="eth0"`), as cAdvisor reports the pod cgroup. Usage series carry the sample's timestamp,
/// spec series do not (as cAdvisor). Memory is process RSS: see ``ProcessGroupUsage``.
struct CAdvisorExposition {
    var pods: [MetricsPod]
    var samples: [ContainerKey: ContainerSample]
    var traffic: [String: ProxyTrafficCounters.Counters]
    var machine: MachineInfo

    /// The CFS period the kubelet sets for every container, in microseconds.
    static let cpuPeriod = 100_000.0

    private struct Series {
        var labels: [String: String]
        var usage: ProcessGroupUsage
        var timestamp: Int64
        var cpuLimit: Double?
        var memoryLimit: Double?
        var cpuRequest: Double?
    }

    /// The exposition text.
    func render() -> String {
        var series: [Series] = []
        var network: [([String: String], ProxyTrafficCounters.Counters, Int64)] = []
        for pod in pods {
            var podUsage = ProcessGroupUsage(fileDescriptors: 0)
            var newest: Int64 = 0
            var measured = 0
            var podStart: Date?
            for container in pod.containers {
                guard let sample = samples[pod.key(container.name)] else { continue }
                let timestamp = Int64((sample.timestamp.timeIntervalSince1970 * 1000).rounded())
                series.append(
                    Series(
                        labels: [
                            "container": container.name, "id": "\(pod.cgroup)/\(container.id)",
                            "image": container.image, "name": container.id, "namespace": pod.namespace,
                            "pod": pod.name,
                        ],
                        usage: sample.usage, timestamp: timestamp, cpuLimit: container.cpuLimit,
                        memoryLimit: container.memoryLimit, cpuRequest: container.cpuRequest
                    )
                )
                podUsage = Self.adding(podUsage, sample.usage)
                if let start = sample.usage.startTime, podStart.map({ start < $0 }) ?? true { podStart = start }
                newest = max(newest, timestamp)
                measured += 1
            }
            guard measured > 0 else { continue }
            podUsage.startTime = podStart
            let labels = [
                "container": "", "id": pod.cgroup, "image": "", "name": "", "namespace": pod.namespace,
                "pod": pod.name,
            ]
            let all = pod.containers
            series.append(
                Series(
                    labels: labels, usage: podUsage, timestamp: newest,
                    cpuLimit: all.allSatisfy({ $0.cpuLimit != nil }) ? all.compactMap(\.cpuLimit).reduce(0, +) : nil,
                    memoryLimit: all.allSatisfy({ $0.memoryLimit != nil })
                        ? all.compactMap(\.memoryLimit).reduce(0, +) : nil,
                    cpuRequest: all.compactMap(\.cpuRequest).reduce(0, +)
                )
            )
            if let ip = pod.podIP {
                let counters = traffic[ip].flatMap { $0.pod == nil || $0.pod == pod.name ? $0 : nil }
                network.append((labels, counters ?? .init(pod: pod.name), newest))
            }
        }
        return PrometheusText.render(families(series) + networkFamilies(network) + machineFamilies())
    }

    private static func adding(_ total: ProcessGroupUsage, _ part: ProcessGroupUsage) -> ProcessGroupUsage {
        var sum = total
        sum.userSeconds += part.userSeconds
        sum.systemSeconds += part.systemSeconds
        sum.residentBytes += part.residentBytes
        sum.anonymousBytes += part.anonymousBytes
        sum.fileBytes += part.fileBytes
        sum.threads += part.threads
        sum.processes += part.processes
        if let count = part.fileDescriptors, let current = sum.fileDescriptors {
            sum.fileDescriptors = current + count
        } else {
            sum.fileDescriptors = nil
        }
        return sum
    }

    private func families(_ series: [Series]) -> [PrometheusFamily] {
        typealias Value = (Series) -> Double?
        let usage: [(String, String, String, Value)] = [
            (
                "container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", "counter",
                {
                    $0.usage.cpuSeconds
                }
            ),
            (
                "container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", "counter",
                {
                    $0.usage.userSeconds
                }
            ),
            (
                "container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", "counter",
                {
                    $0.usage.systemSeconds
                }
            ),
            (
                "container_memory_working_set_bytes", "Current working set in bytes.", "gauge",
                {
                    Double($0.usage.residentBytes)
                }
            ),
            (
                "container_memory_usage_bytes",
                "Current memory usage in bytes, including all memory regardless of when it was accessed", "gauge",
                { Double($0.usage.residentBytes) }
            ),
            ("container_memory_rss", "Size of RSS in bytes.", "gauge", { Double($0.usage.anonymousBytes) }),
            (
                "container_memory_mapped_file", "Size of memory mapped files in bytes.", "gauge",
                {
                    Double($0.usage.fileBytes)
                }
            ),
            (
                "container_threads", "Number of threads running inside the container", "gauge",
                {
                    Double($0.usage.threads)
                }
            ),
            (
                "container_processes", "Number of processes running inside the container.", "gauge",
                {
                    Double($0.usage.processes)
                }
            ),
            (
                "container_file_descriptors", "Number of open file descriptors for the container.", "gauge",
                {
                    $0.usage.fileDescriptors.map(Double.init)
                }
            ),
            (
                "container_last_seen", "Last time a container was seen by the exporter", "gauge",
                {
                    Double($0.timestamp / 1000)
                }
            ),
        ]
        let spec: [(String, String, Value)] = [
            (
                "container_start_time_seconds", "Start time of the container since unix epoch in seconds.",
                {
                    $0.usage.startTime.map { $0.timeIntervalSince1970.rounded(.down) }
                }
            ),
            ("container_spec_cpu_period", "CPU period of the container.", { _ in Self.cpuPeriod }),
            (
                "container_spec_cpu_quota", "CPU quota of the container.",
                {
                    $0.cpuLimit.map { ($0 * Self.cpuPeriod).rounded() }
                }
            ),
            (
                "container_spec_cpu_shares", "CPU share of the container.",
                {
                    max(2, (($0.cpuRequest ?? 0) * 1024).rounded(.down))
                }
            ),
            ("container_spec_memory_limit_bytes", "Memory limit for the container.", { $0.memoryLimit ?? 0 }),
        ]
        var result: [PrometheusFamily] = []
        for (name, help, type, value) in usage {
            var family = PrometheusFamily(name: name, help: help, type: type)
            for item in series {
                guard let number = value(item) else { continue }
                var labels = item.labels
                if name == "container_cpu_usage_seconds_total" { labels["cpu"] = "total" }
                family.samples.append(.init(labels: labels, value: number, timestamp: item.timestamp))
            }
            result.append(family)
        }
        for (name, help, value) in spec {
            var family = PrometheusFamily(name: name, help: help, type: "gauge")
            for item in series {
                guard let number = value(item) else { continue }
                family.samples.append(.init(labels: item.labels, value: number))
            }
            result.append(family)
        }
        return result
    }

    private func networkFamilies(
        _ pods: [([String: String], ProxyTrafficCounters.Counters, Int64)]
    )
        -> [PrometheusFamily]
    {
        let counters: [(String, String, (ProxyTrafficCounters.Counters) -> UInt64)] = [
            ("container_network_receive_bytes_total", "Cumulative count of bytes received", \.receivedBytes),
            ("container_network_receive_packets_total", "Cumulative count of packets received", \.receivedPackets),
            (
                "container_network_receive_errors_total", "Cumulative count of errors encountered while receiving",
                \.receiveErrors
            ),
            ("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", \.transmittedBytes),
            (
                "container_network_transmit_packets_total", "Cumulative count of packets transmitted",
                \.transmittedPackets
            ),
            (
                "container_network_transmit_errors_total",
                "Cumulative count of errors encountered while transmitting", \.transmitErrors
            ),
        ]
        return counters.map { name, help, value in
            var family = PrometheusFamily(name: name, help: help, type: "counter")
            for (labels, traffic, timestamp) in pods {
                var labels = labels
                labels["interface"] = "eth0"
                family.samples.append(.init(labels: labels, value: Double(value(traffic)), timestamp: timestamp))
            }
            return family
        }
    }

    private func machineFamilies() -> [PrometheusFamily] {
        let labels = ["boot_id": machine.bootID, "machine_id": machine.machineID, "system_uuid": machine.systemUUID]
        return [
            PrometheusFamily(
                name: "machine_cpu_cores", help: "Number of logical CPU cores.", type: "gauge",
                samples: [.init(labels: labels, value: Double(machine.cpuCores))]
            ),
            PrometheusFamily(
                name: "machine_memory_bytes", help: "Amount of memory installed on the machine.", type: "gauge",
                samples: [.init(labels: labels, value: Double(machine.memoryBytes))]
            ),
        ]
    }
}
