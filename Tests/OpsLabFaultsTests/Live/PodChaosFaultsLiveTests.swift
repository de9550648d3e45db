import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

/// The Chaos Mesh faults on HotelReservation: pod-failure (recovered by deleting the experiment, and mitigated by
/// deleting the pod) and container-kill; inject → recover leaves Deployments, Services and pods as they were,
/// except restart counts (compared objects ignore status) and, after a mitigation, the replaced pod's name.
@Suite("PodChaos faults live", .serialized)
struct PodChaosFaultsLiveTests {
    @Test(.timeLimit(.minutes(3)))
    func podFailureAndContainerKill() async throws {
        try await FaultTestCluster.withHotelReservation { _, env, _ in
            let before = try await snapshot(env)
            let userPod = try #require(try await env.pods(of: "user").first?.name)

            let failure = PodFailureFault(service: "user")
            try await failure.inject(env)
            let verdict = try await failure.mitigated(env)
            #expect(!verdict.success && verdict.reasons.contains { $0.contains("runs the pause image") }, "\(verdict)")
            let chaos = try await env.client.get(.podChaos, namespace: env.namespace, name: "pod-failure-experiment")
            #expect(chaos[path: ["spec", "duration"]] == "100s")
            #expect(PodChaosExperiment.allInjected(chaos))
            try await failure.recover(env)
            #expect(try await failure.waitUntilMitigated(env, timeout: .seconds(30)).success)
            #expect(try await snapshot(env) == before)
            #expect(try await env.pods(of: "user").map(\.name) == [userPod])

            // Mitigation as the expert script does it: delete the failing pod.
            try await failure.inject(env)
            try await env.deletePods(of: "user")
            let mitigated = try await failure.waitUntilMitigated(env, timeout: .seconds(40))
            #expect(mitigated.success, "\(mitigated)")
            try await failure.recover(env)
            #expect(try await snapshot(env) == before)

            let kill = ContainerKillFault(service: "geo", container: "hotel-reserv-geo")
            try await kill.inject(env)
            let geo = try #require(try await env.pods(of: "geo").first)
            let status = geo[path: ["status", "containerStatuses"]]?[0]
            #expect(status?["restartCount"] == 1)
            #expect(status?[path: ["lastState", "terminated", "exitCode"]] == 137)
            try await kill.recover(env)
            let left = try await env.client.list(.podChaos, namespace: env.namespace)["items"]?.arrayValue ?? []
            #expect(left.isEmpty)
            #expect(try await snapshot(env) == before)
        }
    }

    /// Deployments, Services and the pods' specs (names ignored), normalized as the round-trip tests do.
    private func snapshot(_ env: FaultEnvironment) async throws -> [String: JSONValue] {
        var objects: [String: JSONValue] = [:]
        for (type, kind) in [(ResourceType.deployments, "deployment"), (.services, "service")] {
            for item in try await env.client.list(type, namespace: env.namespace)["items"]?.arrayValue ?? [] {
                objects["\(kind)/\(item.name)"] = RoundTripLiveTests.normalized(item)
            }
        }
        for pod in try await env.client.list(.pods, namespace: env.namespace)["items"]?.arrayValue ?? [] {
            let owner = pod[path: ["metadata", "labels", "io.kompose.service"]]?.stringValue ?? pod.name
            var annotations = pod[path: ["metadata", "annotations"]]
            if annotations?.objectValue?.isEmpty == true { annotations = nil }
            objects["pod/\(owner)"] = [
                "images": .array((pod[path: ["spec", "containers"]]?.arrayValue ?? []).map { $0["image"] ?? .null }),
                "annotations": annotations ?? .null,
            ]
        }
        return objects
    }
}
