import Foundation
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Testing

/// NetworkChaos on a live embedded cluster: delay slows the echo Service's answers, loss and partition make
/// requests time out, and deleting the experiment restores the Service; kubectl prints ACTION and DURATION.
@Suite("Live NetworkChaos", .serialized)
struct NetworkChaosLiveTests {
    static func chaos(_ name: String, _ body: String) -> String {
        """
        apiVersion: chaos-mesh.org/v1alpha1
        kind: NetworkChaos
        metadata: {name: \(name)}
        spec:
          mode: one
          selector:
            labelSelectors: {app: echo}
        \(body)
        """
    }

    /// Seconds one GET through the Service takes, or `nil` when it fails or times out.
    static func timedGet(_ host: String, timeout: TimeInterval = 2) -> Double? {
        let start = ContinuousClock.now
        guard TestHTTP.get(host: host, port: 80, timeout: timeout)?.status == 200 else { return nil }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test("delay slows a Service's answers, loss and partition time them out, deletion restores them")
    func delayLossPartition() async throws {
        let cluster = try await LiveCluster.start()
        do {
            try await scenario(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func scenario(_ cluster: LiveCluster) async throws {
        let applied = await cluster.run("apply", "-f", "-", stdin: PodChaosLiveTests.app)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        try await cluster.eventually(30, "echo is ready") {
            try await cluster.pods(selector: "app=echo").contains(where: isRunningAndReady)
        }
        let service = try await cluster.client.get(.services, namespace: "default", name: "echo")
        let ip = try #require(service[path: ["spec", "clusterIP"]]?.stringValue)
        try await cluster.eventually(10, "echo answers") { Self.timedGet(ip) != nil }
        let baseline = try #require(Self.timedGet(ip))
        #expect(baseline < 0.25, "baseline \(baseline)")
        let podName = try #require(try await cluster.pods(selector: "app=echo").first?.name)

        // Delay: 300 ms on what the echo pod sends (its answers and its handshake replies).
        let delay = await cluster.run(
            "apply", "-f", "-",
            stdin: Self.chaos("slow", "  action: delay\n  delay: {latency: 300ms, correlation: \"100\", jitter: 0ms}"))
        #expect(delay.stdout == "networkchaos.chaos-mesh.org/slow created\n", "\(delay.stderr)")
        try await cluster.eventually(10, "the delay is injected") {
            let object = try await cluster.client.get(.networkChaos, namespace: "default", name: "slow")
            return object[path: ["status", "experiment", "containerRecords"]]?[0]?["phase"] == "Injected"
        }
        let object = try await cluster.client.get(.networkChaos, namespace: "default", name: "slow")
        #expect(object[path: ["status", "experiment", "containerRecords"]]?[0]?["id"] == .string("default/\(podName)"))
        for _ in 0..<3 {
            let slow = try #require(Self.timedGet(ip))
            #expect(slow >= 0.3 && slow < 1.5, "delayed request took \(slow)")
        }
        let table = await cluster.run("get", "networkchaos")
        #expect(table.stdout.hasPrefix("NAME   ACTION   DURATION\nslow   delay    "), "\(table.stdout)")
        #expect(await cluster.run("delete", "networkchaos", "slow").exitCode == 0)
        try await cluster.eventually(10, "the experiment is gone") {
            (try? await cluster.client.get(.networkChaos, namespace: "default", name: "slow")) == nil
        }
        let restored = try #require(Self.timedGet(ip))
        #expect(restored < 0.25, "after deletion a request took \(restored)")

        // Loss of every segment: requests hang until the client gives up; the duration ends it.
        _ = await cluster.run(
            "apply", "-f", "-", stdin: Self.chaos("lossy", "  action: loss\n  duration: 4s\n  loss: {loss: \"100\"}"))
        try await cluster.eventually(10, "the loss is injected") {
            let object = try await cluster.client.get(.networkChaos, namespace: "default", name: "lossy")
            return object[path: ["status", "experiment", "containerRecords"]]?[0]?["phase"] == "Injected"
        }
        #expect(Self.timedGet(ip, timeout: 1) == nil, "a request got through 100 % loss")
        try await cluster.eventually(15, "the duration ends and requests pass") { Self.timedGet(ip) != nil }
        let stopped = try await cluster.client.get(.networkChaos, namespace: "default", name: "lossy")
        #expect(stopped[path: ["status", "experiment", "desiredPhase"]] == "Stop")
        #expect(await cluster.run("delete", "networkchaos", "lossy").exitCode == 0)

        // Partition of the echo pod from everyone (`to`, no target).
        _ = await cluster.run("apply", "-f", "-", stdin: Self.chaos("cut", "  action: partition"))
        try await cluster.eventually(10, "the partition is injected") {
            let object = try await cluster.client.get(.networkChaos, namespace: "default", name: "cut")
            return object[path: ["status", "experiment", "containerRecords"]]?[0]?["phase"] == "Injected"
        }
        #expect(Self.timedGet(ip, timeout: 1) == nil, "a request crossed the partition")
        #expect(await cluster.run("delete", "networkchaos", "cut").exitCode == 0)
        try await cluster.eventually(10, "requests pass after the partition") { Self.timedGet(ip) != nil }

        // The webhook's rules.
        let invalid = await cluster.run(
            "apply", "-f", "-", stdin: Self.chaos("bad", "  action: delay\n  delay: {latency: \"10\"}"))
        #expect(invalid.exitCode != 0 && invalid.stderr.contains("spec.delay.latency"), "\(invalid.stderr)")
        let events = try await cluster.client.list(.events, namespace: "default")["items"]?.arrayValue ?? []
        let reasons = Set(
            events.filter { $0[path: ["involvedObject", "kind"]] == "NetworkChaos" }.compactMap {
                $0["reason"]?.stringValue
            })
        #expect(reasons.isSuperset(of: ["FinalizerInited", "Started", "Applied", "TimeUp", "Recovered", "Deleted"]))
    }
}
