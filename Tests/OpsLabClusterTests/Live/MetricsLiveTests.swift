import Foundation
import OpsLabCore
import OpsLabKube
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The kubelet's resource metrics on a live cluster: cAdvisor series, `kubectl top` from both kubectls, CPU growth.
@Suite("Live container metrics", .serialized)
struct MetricsLiveTests {
    /// Applies the echo manifest and waits for both pods to be ready and to have a CPU rate.
    static func startEcho() async throws -> LiveCluster {
        let cluster = try await LiveCluster.start()
        let applied = await cluster.run("apply", "-f", "-", stdin: EchoScenarioTests.manifest)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        try await cluster.eventually(20, "two echo pods ready") {
            let pods = try await cluster.pods(selector: "app=echo")
            return pods.count == 2 && pods.allSatisfy(isRunningAndReady)
        }
        do {
            try await cluster.eventually(10, "pod metrics for both echo pods") {
                let list = try await cluster.client.request(
                    "GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")
                return list["items"]?.arrayValue?.count == 2
            }
        } catch {
            let list = try? await cluster.client.text("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")
            let pids = try? String(contentsOfFile: cluster.configuration.podPidsPath, encoding: .utf8)
            let names = (try? await cluster.pods(selector: "app=echo"))?.map(\.name) ?? []
            Issue.record("metrics: \(list ?? "-"), pids: \(pids ?? "-"), pods: \(names)")
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// `container_cpu_usage_seconds_total` of the echo container of `pod`, from the node's cAdvisor endpoint.
    static func cpuSeconds(_ cluster: LiveCluster, pod: String, node: String) async throws -> Double? {
        let text = try await cluster.client.text("/api/v1/nodes/\(node)/proxy/metrics/cadvisor")
        let line = text.split(separator: "\n").first {
            $0.hasPrefix("container_cpu_usage_seconds_total{container=\"echo\"") && $0.contains("pod=\"\(pod)\"")
        }
        return line.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Double($0) }
    }

    @Test("cadvisor series for the echo pods are labelled and non-zero, and CPU grows under load")
    func cadvisorAndGrowth() async throws {
        let cluster = try await Self.startEcho()
        defer { Task { await cluster.stop() } }
        let pods = try await cluster.pods(selector: "app=echo")
        let pod = try #require(pods.first)
        let node = try #require(pod[path: ["spec", "nodeName"]]?.stringValue)
        let text = try await cluster.client.text("/api/v1/nodes/\(node)/proxy/metrics/cadvisor")
        for pod in pods {
            let memory = text.split(separator: "\n").first {
                $0.hasPrefix("container_memory_working_set_bytes{container=\"echo\"")
                    && $0.contains("pod=\"\(pod.name)\"")
            }
            let line = try #require(memory.map(String.init), "no working set for \(pod.name)")
            #expect(line.contains("namespace=\"default\"") && line.contains("id=\"/kubepods/"))
            #expect(line.contains("image=\"") && !line.contains("name=\"\""))
            #expect((Double(line.split(separator: " ")[1]) ?? 0) > 1_000_000)
        }
        #expect(text.contains("# TYPE container_network_receive_bytes_total counter"))
        #expect(text.contains("machine_cpu_cores{"))
        // Load through the Service; the proxy counts it and the echo processes spend CPU on it.
        let before = try #require(try await Self.cpuSeconds(cluster, pod: pod.name, node: node))
        let service = try await cluster.client.get(.services, namespace: "default", name: "echo")
        let clusterIP = try #require(service[path: ["spec", "clusterIP"]]?.stringValue)
        let deadline = Date().addingTimeInterval(1.5)
        var answered = 0
        while Date() < deadline {
            if TestHTTP.get(host: clusterIP, port: 80, path: "/")?.status == 200 { answered += 1 }
        }
        #expect(answered > 10)
        try await Task.sleep(for: .milliseconds(1100))
        let after = try #require(try await Self.cpuSeconds(cluster, pod: pod.name, node: node))
        #expect(after > before, "CPU seconds of \(pod.name): \(before) then \(after)")
        let later = try await cluster.client.text("/api/v1/nodes/\(node)/proxy/metrics/cadvisor")
        let received = later.split(separator: "\n").first {
            $0.hasPrefix("container_network_receive_bytes_total{") && $0.contains("pod=\"\(pod.name)\"")
        }
        #expect((received.flatMap { Double($0.split(separator: " ")[1]) } ?? 0) > 0)
        let resource = try await cluster.client.text("/api/v1/nodes/\(node)/proxy/metrics/resource")
        #expect(resource.contains("pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"\(pod.name)\"}"))
    }

    @Test("kubectl top pods and nodes: ours prints the same table shape as real kubectl 1.32")
    func topMatchesRealKubectl() async throws {
        let cluster = try await Self.startEcho()
        defer { Task { await cluster.stop() } }
        let names = try await cluster.pods(selector: "app=echo").map(\.name).sorted()
        func shape(_ text: String) -> [[String]] {
            text.split(separator: "\n").map { line in
                line.split(separator: " ").enumerated().map {
                    $0.offset == 0 || !$0.element.first!.isNumber ? String($0.element) : "#"
                }
            }
        }
        for command in [["top", "pods"], ["top", "pod", "--containers"], ["top", "nodes"], ["top", "pods", "-A"]] {
            let ours = await cluster.kubectl.run(command)
            #expect(ours.exitCode == 0, "\(command): \(ours.stderr)")
            for name in names where command[1].hasPrefix("pod") { #expect(ours.stdout.contains(name)) }
            guard realKubectlPath != nil else { continue }
            let real = try await RealKubectlTests.kubectl(cluster, command)
            #expect(real.exitCode == 0, "\(command): \(real.stderr)")
            #expect(
                shape(real.stdout) == shape(ours.stdout),
                "\(command)\n--- kubectl:\n\(real.stdout)\n--- opslab:\n\(ours.stdout)")
        }
        let missing = await cluster.kubectl.run(["top", "pod", "nope"])
        #expect(missing.stderr.contains("podmetrics.metrics.k8s.io \"default/nope\" not found"))
    }
}
