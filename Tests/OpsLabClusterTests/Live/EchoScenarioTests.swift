import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The issue's "tried as a new user would" walk-through, on a live embedded cluster.
@Suite("Live echo scenario", .serialized)
struct EchoScenarioTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: echo
        spec:
          replicas: 2
          selector:
            matchLabels: {app: echo}
          template:
            metadata:
              labels: {app: echo}
            spec:
              containers:
              - name: echo
                image: opslab/echo:1.0
                ports:
                - containerPort: 8080
                readinessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: echo
        spec:
          selector: {app: echo}
          ports:
          - port: 80
            targetPort: 8080
        """

    @Test("deploy, serve, restart, break and repair the echo service")
    func echoWalkThrough() async throws {
        let cluster = try await LiveCluster.start()
        do {
            try await walkThrough(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        // Scale back up so that there are pod processes to stop, then stop the cluster.
        _ = await cluster.run("scale", "deployment", "echo", "--replicas=2")
        try await cluster.eventually(30, "2 echo pods running again") {
            try await cluster.pods(selector: "app=echo").filter(isRunningAndReady).count == 2
        }
        let names = try await cluster.pods().map(\.name)
        let pids = names.compactMap { Self.pid(of: $0, cluster.configuration) }
        #expect(pids.count == 2)
        await cluster.stop()
        for pid in pids { #expect(!ClusterCommandTests.isAlive(pid), "pod process \(pid) outlived the cluster") }
    }

    private func walkThrough(_ cluster: LiveCluster) async throws {
        let applied = await cluster.run("apply", "-f", "-", stdin: Self.manifest)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("deployment.apps/echo created"))
        #expect(applied.stdout.contains("service/echo created"))

        try await cluster.eventually(30, "2 echo pods Running 1/1") {
            let pods = try await cluster.pods(selector: "app=echo")
            return pods.count == 2 && pods.allSatisfy(isRunningAndReady)
        }
        let table = await cluster.run("get", "pods")
        #expect(table.stdout.contains("1/1     Running"), "\(table.stdout)")

        let service = try await cluster.client.get(.services, namespace: "default", name: "echo")
        let clusterIP = try #require(service[path: ["spec", "clusterIP"]]?.stringValue)
        try await cluster.eventually(10, "the ClusterIP answers") {
            TestHTTP.get(host: clusterIP, port: 80)?.body.contains("echo-") == true
        }

        // kill -9 of one pod's process: the kubelet restarts it and counts the restart.
        let victim = try #require(try await cluster.pods(selector: "app=echo").first)
        let pid = try #require(Self.pid(of: victim.name, cluster.configuration))
        kill(pid, SIGKILL)
        try await cluster.eventually(30, "restartCount 1 on \(victim.name)") {
            let pod = try await cluster.client.get(.pods, namespace: "default", name: victim.name)
            let restarts = pod[path: ["status", "containerStatuses"]]?[0]?["restartCount"]?.intValue
            return restarts == 1 && isRunningAndReady(pod)
        }

        // A wrong targetPort breaks the Service; the right one repairs it.
        let broken = await cluster.run(
            "patch", "svc", "echo", "-p", #"{"spec":{"ports":[{"port":80,"targetPort":9999}]}}"#)
        #expect(broken.stdout.contains("service/echo patched"), "\(broken.stderr)")
        try await cluster.eventually(10, "the ClusterIP resets connections with targetPort 9999") {
            TCPProbe.exchange(host: clusterIP, port: 80, "GET / HTTP/1.0\r\n\r\n", timeout: 1) == .reset
        }
        _ = await cluster.run("patch", "svc", "echo", "-p", #"{"spec":{"ports":[{"port":80,"targetPort":8080}]}}"#)
        try await cluster.eventually(10, "the ClusterIP answers again") {
            TestHTTP.get(host: clusterIP, port: 80)?.status == 200
        }

        // Scaling to zero empties the endpoints and breaks the Service.
        let scaled = await cluster.run("scale", "deployment", "echo", "--replicas=0")
        #expect(scaled.stdout.contains("deployment.apps/echo scaled"), "\(scaled.stderr)")
        try await cluster.eventually(20, "no endpoints left") {
            let endpoints = try await cluster.client.get(.endpoints, namespace: "default", name: "echo")
            let addresses = (endpoints["subsets"]?.arrayValue ?? []).flatMap { $0["addresses"]?.arrayValue ?? [] }
            return addresses.isEmpty
        }
        try await cluster.eventually(10, "the ClusterIP refuses connections without endpoints") {
            TCPProbe.exchange(host: clusterIP, port: 80, "GET / HTTP/1.0\r\n\r\n", timeout: 1) == .refused
        }
        let endpointsTable = await cluster.run("get", "endpoints", "echo")
        #expect(endpointsTable.stdout.contains("<none>"), "\(endpointsTable.stdout)")

        // A nodeSelector naming a missing node leaves the pod Pending with a FailedScheduling event.
        let pinned = """
            apiVersion: v1
            kind: Pod
            metadata: {name: pinned}
            spec:
              nodeSelector: {kubernetes.io/hostname: extra-node}
              containers:
              - {name: echo, image: opslab/echo:1.0}
            """
        let created = await cluster.run("apply", "-f", "-", stdin: pinned)
        #expect(created.exitCode == 0, "\(created.stderr)")
        try await cluster.eventually(10, "a FailedScheduling event for pinned") {
            let events = await cluster.run("get", "events")
            return events.stdout.contains("FailedScheduling")
                && events.stdout.contains("didn't match Pod's node affinity/selector")
        }
        let pending = try await cluster.client.get(.pods, namespace: "default", name: "pinned")
        #expect(pending[path: ["status", "phase"]]?.stringValue == "Pending")
    }

    /// The pid of a pod's container process, found through /proc command lines (`opslab pod --pod NS/NAME`).
    static func pid(of pod: String, _ configuration: ClusterConfiguration) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.contains("default/\(pod)"), arguments.contains("pod"),
                arguments.first == configuration.executablePath
            {
                return pid
            }
        }
        return nil
    }
}
