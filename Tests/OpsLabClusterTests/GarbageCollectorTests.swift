import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("GarbageCollector")
struct GarbageCollectorTests {
    @Test("deleting a Deployment garbage-collects its ReplicaSet and pods")
    func deploymentCascade() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        try await store.create(.deployments, WorkloadFixture.deployment("geo", replicas: 2))
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).count == 2 })
        await WorkloadFixture.kubelet(store)
        try await store.remove(.deployments, namespace: "default", name: "geo")
        #expect(await WorkloadFixture.eventually { await store.list(.replicaSets).items.isEmpty })
        // Bound pods terminate gracefully: they get a deletionTimestamp, and the "kubelet" removes them.
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).isEmpty })
        await WorkloadFixture.kubelet(store)
        #expect(await store.list(.pods).items.isEmpty)
        await WorkloadFixture.stop(controllers)
    }

    @Test("a sweep deletes orphans, drops dangling references and leaves unknown owner kinds alone")
    func sweep() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        let live = try await store.create(.configMaps, ["metadata": ["name": "owner", "namespace": "default"]])
        func reference(kind: String, apiVersion: String, name: String, uid: String) -> JSONValue {
            ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid)]
        }
        let gone = reference(kind: "ReplicaSet", apiVersion: "apps/v1", name: "old", uid: "dead-uid")
        let alive = reference(kind: "ConfigMap", apiVersion: "v1", name: "owner", uid: live.uid)
        let foreign = reference(kind: "Job", apiVersion: "batch/v1", name: "job", uid: "job-uid")
        let pod: (String, [JSONValue]) -> JSONValue = { name, references in
            [
                "metadata": ["name": .string(name), "namespace": "default", "ownerReferences": .array(references)],
                "spec": ["containers": [["name": "c"]]],
            ]
        }
        try await store.create(.pods, pod("orphan", [gone]))
        try await store.create(.pods, pod("half", [gone, alive]))
        try await store.create(.pods, pod("foreign", [foreign]))
        // Same name as a live owner but another uid: still gone.
        let stale = reference(kind: "ConfigMap", apiVersion: "v1", name: "owner", uid: "x")
        try await store.create(.pods, pod("stale", [stale]))
        let collector = GarbageCollector(context: context)
        let deleted = await collector.sweep()
        #expect(deleted == 2)
        let names = await store.list(.pods).items.map(\.name)
        #expect(names == ["foreign", "half"])
        let half = try await store.get(.pods, namespace: "default", name: "half")
        #expect(WorkloadPods.ownerReferences(of: half).map { $0["uid"]?.stringValue } == [live.uid])
    }

    @Test("deleting a namespace empties it and then removes it")
    func namespaceDeletion() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        try await store.create(.namespaces, ["metadata": ["name": "hotel"]])
        var deployment = WorkloadFixture.deployment("geo", replicas: 2)
        deployment.namespace = "hotel"
        try await store.create(.deployments, deployment)
        try await store.create(.configMaps, ["metadata": ["name": "settings", "namespace": "hotel"]])
        try await store.create(.services, ["metadata": ["name": "geo", "namespace": "hotel"], "spec": [:]])
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        let started = await WorkloadFixture.eventually {
            await store.list(.pods, namespace: "hotel").items.count == 2
        }
        #expect(started)
        await WorkloadFixture.kubelet(store)
        let deleter = ObjectDeleter(store: store, now: context.now)
        try await deleter.delete(.namespaces, namespace: nil, name: "hotel")
        let emptied = await WorkloadFixture.eventually {
            await WorkloadFixture.kubelet(store)
            return await store.find(.namespaces, namespace: nil, name: "hotel") == nil
        }
        #expect(emptied)
        for type in ResourceType.builtIn where type.namespaced {
            #expect(await store.list(type, namespace: "hotel").items.isEmpty, "\(type.plural) left behind")
        }
        #expect(await store.find(.namespaces, namespace: nil, name: "default") != nil)
        await WorkloadFixture.stop(controllers)
    }
}
