import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

/// For every fault: inject then recover leaves the app's Deployments and Services as they were.
@Suite("Fault round trip live", .serialized)
struct RoundTripLiveTests {
    /// Every fault the registry uses, with whether it changes Deployment/Service objects while active.
    static var faults: [(fault: any Fault, changesObjects: Bool)] {
        [
            (RevokeAuthFault(service: .geo), false), (RevokeAuthFault(service: .rate), false),
            (UserUnregisteredFault(service: .geo), false), (UserUnregisteredFault(service: .rate), false),
            (TargetPortMisconfigFault(service: "user"), true), (ScaleToZeroFault(service: "user"), true),
            (AssignNonExistentNodeFault(service: "user"), true), (MisconfigAppFault(service: "geo"), true),
            (WrongBinaryFault(service: "profile"), true), (NoopFault(), false),
        ]
    }

    /// Annotations that controllers or clients write; not part of what a fault may change.
    static let noisyAnnotationPrefixes = ["deployment.kubernetes.io/", "kubectl.kubernetes.io/last-applied"]

    @Test func normalizedDropsNoise() throws {
        let object = try JSONValue(
            parsing: """
                {"metadata":{"name":"a","resourceVersion":"9","generation":3,"uid":"u","managedFields":[],
                "creationTimestamp":"2024-01-01T00:00:00Z","labels":{"app":"a"},
                "annotations":{"deployment.kubernetes.io/revision":"2","team":"x"}},
                "spec":{"replicas":1},"status":{"replicas":1}}
                """)
        let expected = try JSONValue(
            parsing: #"{"name":"a","labels":{"app":"a"},"annotations":{"team":"x"},"spec":{"replicas":1}}"#)
        #expect(Self.normalized(object) == expected)
        var changed = object
        changed[path: ["spec", "replicas"]] = 0
        #expect(Self.normalized(changed) != expected)
    }

    @Test(.timeLimit(.minutes(5)))
    func injectThenRecoverRestoresObjects() async throws {
        guard FaultTestCluster.opslabBinary != nil else {
            Issue.record("the opslab binary is not built; run `swift build` first")
            return
        }
        let cluster = try await FaultTestCluster.start()
        do {
            try await roundTrips(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func roundTrips(_ cluster: FaultTestCluster) async throws {
        let app = AppCatalog.hotelReservation
        let deployer = AppDeployer(client: cluster.client)
        _ = try await deployer.apply(app)
        _ = try await deployer.waitUntilReady(app, timeout: .seconds(45))
        let env = FaultEnvironment(client: cluster.client, namespace: app.namespace)
        let healthy = try await NoopFault().waitUntilMitigated(env, timeout: .seconds(20))
        #expect(healthy.success, "\(healthy)")
        for (fault, changesObjects) in Self.faults {
            let start = ContinuousClock.now
            let before = try await snapshot(env)
            #expect(before.count >= 10, "\(before.keys.sorted())")
            try await fault.inject(env)
            if !(fault is NoopFault) {
                try await waitFor(20, "\(fault.name) takes effect") { !(try await fault.mitigated(env).success) }
            }
            let during = try await snapshot(env)
            #expect((during != before) == changesObjects, "\(fault.name) changed objects: \(during != before)")
            try await fault.recover(env)
            let verdict = try await fault.waitUntilMitigated(env, timeout: .seconds(30))
            #expect(verdict.success, "\(fault.name): \(verdict)")
            let after = try await snapshot(env)
            for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
                Issue.record("\(fault.name) left \(key) changed: \(String(describing: after[key]))")
            }
            #expect(after == before, "\(fault.name)")
            print("round trip \(fault.name): \(ContinuousClock.now - start)")
        }
    }

    /// The namespace's Deployments and Services by `kind/name`, normalized.
    private func snapshot(_ env: FaultEnvironment) async throws -> [String: JSONValue] {
        var objects: [String: JSONValue] = [:]
        for (type, kind) in [(ResourceType.deployments, "deployment"), (.services, "service")] {
            for item in try await env.client.list(type, namespace: env.namespace)["items"]?.arrayValue ?? [] {
                objects["\(kind)/\(item.name)"] = Self.normalized(item)
            }
        }
        return objects
    }

    /// Name, labels, annotations other than the noisy ones, and spec: what a fault might change.
    static func normalized(_ object: JSONValue) -> JSONValue {
        var result: [String: JSONValue] = ["name": .string(object.name)]
        if let labels = object[path: ["metadata", "labels"]] { result["labels"] = labels }
        let annotations = (object[path: ["metadata", "annotations"]]?.objectValue ?? [:]).filter { key, _ in
            !noisyAnnotationPrefixes.contains { key.hasPrefix($0) }
        }
        if !annotations.isEmpty { result["annotations"] = .object(annotations) }
        result["spec"] = object["spec"] ?? .null
        return .object(result)
    }
}
