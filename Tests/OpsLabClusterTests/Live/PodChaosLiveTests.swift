import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Testing

/// PodChaos on a live embedded cluster: pod-failure swaps in the pause image and back, container-kill restarts the
/// container with exit code 137, and kubectl serves the kind.
@Suite("Live PodChaos", .serialized)
struct PodChaosLiveTests {
    static let app = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: echo}
        spec:
          replicas: 1
          selector: {matchLabels: {app: echo}}
          template:
            metadata: {labels: {app: echo}}
            spec:
              containers:
              - {name: echo, image: "opslab/echo:1.0", ports: [{containerPort: 8080}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo}
        spec:
          selector: {app: echo}
          ports: [{port: 80, targetPort: 8080}]
        """

    static func chaos(_ name: String, action: String, extra: String = "") -> String {
        """
        apiVersion: chaos-mesh.org/v1alpha1
        kind: PodChaos
        metadata: {name: \(name)}
        spec:
          action: \(action)
          mode: one
          selector:
            labelSelectors: {app: echo}
        \(extra)
        """
    }

    static func container(_ pod: JSONValue) -> JSONValue? { pod[path: ["status", "containerStatuses"]]?[0] }

    @Test("pod-failure runs the pause image until the duration ends; container-kill restarts with 137")
    func podFailureAndContainerKill() async throws {
        let cluster = try await LiveCluster.start()
        do {
            try await scenario(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    @Test("real kubectl applies, lists, describes and deletes a PodChaos", .enabled(if: realKubectlPath != nil))
    func realKubectl() async throws {
        let cluster = try await LiveCluster.start()
        do {
            try await realKubectlScenario(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func realKubectlScenario(_ cluster: LiveCluster) async throws {
        let manifest = Self.chaos("nothing", action: "pod-kill")
        let applied = try await RealKubectlTests.kubectl(cluster, ["apply", "-f", "-"], stdin: manifest)
        #expect(applied.stdout == "podchaos.chaos-mesh.org/nothing created\n", "\(applied.stderr)")
        let listed = try await RealKubectlTests.kubectl(cluster, ["get", "podchaos"])
        #expect(RealKubectlTests.normalize(listed.stdout) == "NAME AGE\nnothing AGE\n", "\(listed.stderr)")
        // No pod matches: the controller says so in a Warning event.
        try await cluster.eventually(10, "the selection failure event") {
            let described = try await RealKubectlTests.kubectl(cluster, ["describe", "podchaos", "nothing"])
            return described.stdout.contains("Failed to select targets: no target has been selected")
        }
        let deleted = try await RealKubectlTests.kubectl(cluster, ["delete", "-f", "-"], stdin: manifest)
        #expect(deleted.stdout == "podchaos.chaos-mesh.org \"nothing\" deleted\n", "\(deleted.stderr)")
    }

    private func scenario(_ cluster: LiveCluster) async throws {
        let groups = try await cluster.client.text("/apis/chaos-mesh.org/v1alpha1")
        #expect(groups.contains("\"podchaos\"") && groups.contains("podchaos/status"))
        #expect(try await cluster.client.text("/apis").contains("chaos-mesh.org"))

        #expect(await cluster.run("apply", "-f", "-", stdin: Self.app).exitCode == 0)
        try await cluster.eventually(30, "echo running") {
            try await cluster.pods(selector: "app=echo").first.map(isRunningAndReady) == true
        }
        let service = try await cluster.client.get(.services, namespace: "default", name: "echo")
        let clusterIP = try #require(service[path: ["spec", "clusterIP"]]?.stringValue)
        try await cluster.eventually(10, "echo answers") { TestHTTP.get(host: clusterIP, port: 80)?.status == 200 }
        let podName = try #require(try await cluster.pods(selector: "app=echo").first?.name)

        // pod-failure for 3 s.
        let applied = await cluster.run(
            "apply", "-f", "-", stdin: Self.chaos("failure", action: "pod-failure", extra: "  duration: 3s"))
        #expect(applied.stdout.contains("podchaos.chaos-mesh.org/failure created"), "\(applied.stderr)")
        try await cluster.eventually(20, "the pause image runs") {
            let pod = try await cluster.client.get(.pods, namespace: "default", name: podName)
            let status = Self.container(pod)
            return status?["image"] == .string(ChaosConfiguration.defaultPauseImage) && status?["restartCount"] == 1
                && isRunningAndReady(pod)
        }
        let failing = try await cluster.client.get(.pods, namespace: "default", name: podName)
        #expect(
            failing[path: ["metadata", "annotations", "chaos-mesh-failure-pod-failure-echo-normal-image"]]
                == "opslab/echo:1.0")
        #expect(TestHTTP.get(host: clusterIP, port: 80) == nil, "the Service still answers during pod-failure")
        let object = try await cluster.client.get(.podChaos, namespace: "default", name: "failure")
        #expect(object[path: ["metadata", "finalizers"]] == ["chaos-mesh/records"])
        let record = object[path: ["status", "experiment", "containerRecords"]]?[0]
        #expect(record?["id"] == .string("default/\(podName)") && record?["phase"] == "Injected")
        let table = await cluster.run("get", "podchaos")
        #expect(table.stdout.hasPrefix("NAME      AGE\nfailure   "), "\(table.stdout)")

        try await cluster.eventually(20, "the duration ends and the image is back") {
            let pod = try await cluster.client.get(.pods, namespace: "default", name: podName)
            let status = Self.container(pod)
            return status?["image"] == "opslab/echo:1.0" && status?["restartCount"] == 2 && isRunningAndReady(pod)
                && pod[path: ["metadata", "annotations"]]?.objectValue?.isEmpty != false
        }
        try await cluster.eventually(10, "echo answers again") {
            TestHTTP.get(host: clusterIP, port: 80)?.status == 200
        }
        let stopped = try await cluster.client.get(.podChaos, namespace: "default", name: "failure")
        #expect(stopped[path: ["status", "experiment", "desiredPhase"]] == "Stop")
        #expect(stopped[path: ["status", "experiment", "containerRecords"]]?[0]?["recoveredCount"] == 1)
        let described = await cluster.run("describe", "podchaos", "failure")
        #expect(described.exitCode == 0, "\(described.stderr)")
        let events = try await cluster.client.list(.events, namespace: "default")["items"]?.arrayValue ?? []
        let reasons = Set(
            events.filter { $0[path: ["involvedObject", "kind"]] == "PodChaos" }.compactMap {
                $0["reason"]?.stringValue
            })
        #expect(reasons.isSuperset(of: ["FinalizerInited", "Started", "Updated", "Applied", "TimeUp", "Recovered"]))
        #expect(await cluster.run("delete", "podchaos", "failure").exitCode == 0)

        // pod-failure without a duration, recovered by deleting the experiment.
        _ = await cluster.run("apply", "-f", "-", stdin: Self.chaos("held", action: "pod-failure"))
        try await cluster.eventually(20, "the pause image runs again") {
            Self.container(try await cluster.client.get(.pods, namespace: "default", name: podName))?["restartCount"]
                == 3
        }
        #expect(await cluster.run("delete", "podchaos", "held").exitCode == 0)
        try await cluster.eventually(20, "deleting the experiment restores the image") {
            let status = Self.container(try await cluster.client.get(.pods, namespace: "default", name: podName))
            return status?["image"] == "opslab/echo:1.0" && status?["restartCount"] == 4
        }

        // container-kill of the first container.
        _ = await cluster.run("apply", "-f", "-", stdin: Self.chaos("kill", action: "container-kill"))
        try await cluster.eventually(20, "the container restarts after SIGKILL") {
            let pod = try await cluster.client.get(.pods, namespace: "default", name: podName)
            let status = Self.container(pod)
            return status?["restartCount"] == 5 && status?[path: ["lastState", "terminated", "exitCode"]] == 137
                && status?[path: ["lastState", "terminated", "reason"]] == "Error" && isRunningAndReady(pod)
        }
        #expect(await cluster.run("delete", "podchaos", "kill").exitCode == 0)
        let left = try await cluster.client.list(.podChaos, namespace: "default")["items"]?.arrayValue ?? []
        #expect(left.isEmpty)
    }
}
