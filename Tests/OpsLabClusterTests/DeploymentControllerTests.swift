import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("DeploymentController")
struct DeploymentControllerTests {
    typealias Counts = WorkloadRollout.ReplicaSetCounts

    // MARK: pure functions

    @Test("the template hash is stable, short, from the alphabet, and changes with the template")
    func templateHash() throws {
        let template = WorkloadFixture.template(app: "geo")
        let hash = WorkloadTemplateHash.hash(template: template)
        #expect(hash == WorkloadTemplateHash.hash(template: template))
        #expect((1...10).contains(hash.count))
        let alphabet = Set("bcdfghjklmnpqrstvwxz2456789")
        #expect(hash.allSatisfy { alphabet.contains($0) })
        // Key order and null members do not matter.
        let reordered = try JSONValue(
            parsing: #"{"spec":{"containers":[{"image":"nginx:1","name":"main"}]},"#
                + #""metadata":{"creationTimestamp":null,"labels":{"app":"geo"}}}"#
        )
        #expect(WorkloadTemplateHash.hash(template: reordered) == hash)
        #expect(WorkloadTemplateHash.hash(template: WorkloadFixture.template(app: "geo", image: "nginx:2")) != hash)
        var restarted = template
        restarted[path: ["metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]] = "2025-01-01T00:00:00Z"
        #expect(WorkloadTemplateHash.hash(template: restarted) != hash)
        #expect(WorkloadTemplateHash.hash(template: template, collisionCount: 1) != hash)
    }

    @Test("FNV-1a and the digit encoding match their definitions")
    func fnvAndEncoding() {
        #expect(WorkloadTemplateHash.fnv1a32([]) == 2_166_136_261)
        #expect(WorkloadTemplateHash.fnv1a32(Array("a".utf8)) == 0xE40C_292C)
        // '9' is byte 57 → 57 % 27 = 3 → "f"; '0' is 48 → 21 → "4".
        #expect(WorkloadTemplateHash.encode(90) == "f4")
    }

    @Test("a template with the hash label equals the plain one")
    func equalIgnoringHash() {
        let template = WorkloadFixture.template(app: "geo")
        var labelled = template
        labelled[path: ["metadata", "labels", "pod-template-hash"]] = "abc"
        #expect(WorkloadTemplateHash.equalIgnoringHash(labelled, template))
        #expect(!WorkloadTemplateHash.equalIgnoringHash(labelled, WorkloadFixture.template(app: "geo", image: "x")))
    }

    @Test("maxSurge rounds up, maxUnavailable rounds down, both 25% by default")
    func limits() {
        #expect(WorkloadRollout.limits(maxSurge: nil, maxUnavailable: nil, replicas: 3) == (1, 0) as (Int, Int))
        #expect(WorkloadRollout.limits(maxSurge: nil, maxUnavailable: nil, replicas: 4) == (1, 1) as (Int, Int))
        #expect(WorkloadRollout.limits(maxSurge: nil, maxUnavailable: nil, replicas: 10) == (3, 2) as (Int, Int))
        #expect(
            WorkloadRollout.limits(maxSurge: .int(2), maxUnavailable: .string("50%"), replicas: 5) == (2, 2)
                as (Int, Int)
        )
        // Both zero: unavailable becomes 1 so the rollout can move.
        #expect(WorkloadRollout.limits(maxSurge: .int(0), maxUnavailable: .int(0), replicas: 3) == (0, 1) as (Int, Int))
        #expect(WorkloadRollout.scaledValue(.string("1%"), total: 1, roundUp: true) == 1)
        #expect(WorkloadRollout.scaledValue(.string("1%"), total: 1, roundUp: false) == 0)
    }

    @Test("a rolling update surges one new pod, then trades old for new as pods become available")
    func rollingSteps() {
        // 3 replicas, surge 1, unavailable 0.
        var step = WorkloadRollout.rollingStep(
            desired: 3, surge: 1, unavailable: 0, new: Counts(replicas: 0, available: 0),
            old: [Counts(replicas: 3, available: 3)]
        )
        #expect(step == .init(newReplicas: 1, oldReplicas: [3]))
        // New pod not yet available: nothing moves.
        step = WorkloadRollout.rollingStep(
            desired: 3, surge: 1, unavailable: 0, new: Counts(replicas: 1, available: 0),
            old: [Counts(replicas: 3, available: 3)]
        )
        #expect(step == .init(newReplicas: 1, oldReplicas: [3]))
        // New pod available: one old pod goes.
        step = WorkloadRollout.rollingStep(
            desired: 3, surge: 1, unavailable: 0, new: Counts(replicas: 1, available: 1),
            old: [Counts(replicas: 3, available: 3)]
        )
        #expect(step == .init(newReplicas: 1, oldReplicas: [2]))
        // Then the new set grows again.
        step = WorkloadRollout.rollingStep(
            desired: 3, surge: 1, unavailable: 0, new: Counts(replicas: 1, available: 1),
            old: [Counts(replicas: 2, available: 2)]
        )
        #expect(step == .init(newReplicas: 2, oldReplicas: [2]))
    }

    @Test("unavailable old pods are cleaned up first, oldest set first, and scaling follows spec.replicas")
    func rollingCleanupAndScaling() {
        // 4 replicas, surge 1, unavailable 1; the old sets' pods are all broken.
        let step = WorkloadRollout.rollingStep(
            desired: 4, surge: 1, unavailable: 1, new: Counts(replicas: 1, available: 1),
            old: [Counts(replicas: 2, available: 0), Counts(replicas: 2, available: 0)]
        )
        // total 5, minAvailable 3, maxScaledDown = 5 - 3 - 0 = 2: the first old set goes first.
        #expect(step == .init(newReplicas: 1, oldReplicas: [0, 2]))
        // No old sets: the new one just follows spec.replicas both ways.
        let up = WorkloadRollout.rollingStep(
            desired: 5, surge: 1, unavailable: 1, new: Counts(replicas: 2, available: 2), old: []
        )
        #expect(up.newReplicas == 5)
        let down = WorkloadRollout.rollingStep(
            desired: 1, surge: 1, unavailable: 0, new: Counts(replicas: 3, available: 3), old: []
        )
        #expect(down.newReplicas == 1)
    }

    @Test("Recreate scales old sets to zero and waits for their pods before scaling up")
    func recreateSteps() {
        var step = WorkloadRollout.recreateStep(
            desired: 2, new: Counts(replicas: 0, available: 0), old: [Counts(replicas: 2, available: 2)]
        )
        #expect(step == .init(newReplicas: 0, oldReplicas: [0]))
        step = WorkloadRollout.recreateStep(
            desired: 2, new: Counts(replicas: 0, available: 0), old: [Counts(replicas: 0, available: 0, current: 1)]
        )
        #expect(step.newReplicas == 0)
        step = WorkloadRollout.recreateStep(
            desired: 2, new: Counts(replicas: 0, available: 0), old: [Counts(replicas: 0, available: 0, current: 0)]
        )
        #expect(step.newReplicas == 2)
    }

    @Test("conditions keep their times unless status or reason change")
    func conditions() {
        let type = "Available"
        var conditions = WorkloadConditions.set([], type: type, status: "False", reason: "A", message: "m", now: "t1")
        conditions = WorkloadConditions.set(
            conditions, type: type, status: "False", reason: "A", message: "x", now: "t2"
        )
        #expect(conditions.first?["lastUpdateTime"]?.stringValue == "t1")
        conditions = WorkloadConditions.replace(
            conditions, type: type, status: "False", reason: "B", message: "m", now: "t3"
        )
        #expect(conditions.first?["lastUpdateTime"]?.stringValue == "t3")
        #expect(conditions.first?["lastTransitionTime"]?.stringValue == "t1")
        conditions = WorkloadConditions.set(
            conditions, type: type, status: "True", reason: "B", message: "m", now: "t4"
        )
        #expect(conditions.first?["lastTransitionTime"]?.stringValue == "t4")
        #expect(conditions.count == 1)
    }

    // MARK: live against a store

    @Test("a Deployment of 3 becomes a ReplicaSet <deploy>-<hash> and 3 pods with the right labels and owners")
    func createsReplicaSetAndPods() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        let deployment = try await store.create(.deployments, WorkloadFixture.deployment("geo", replicas: 3))
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).count == 3 })
        let sets = await store.list(.replicaSets, namespace: "default").items
        try #require(sets.count == 1)
        let replicaSet = sets[0]
        let hash = WorkloadTemplateHash.hash(template: WorkloadFixture.template(app: "geo"))
        #expect(replicaSet.name == "geo-\(hash)")
        #expect(replicaSet.labels == ["app": "geo", "pod-template-hash": hash])
        #expect(replicaSet[path: ["spec", "selector", "matchLabels", "pod-template-hash"]]?.stringValue == hash)
        #expect(replicaSet.annotations["deployment.kubernetes.io/revision"] == "1")
        #expect(replicaSet.annotations["deployment.kubernetes.io/desired-replicas"] == "3")
        #expect(replicaSet.annotations["deployment.kubernetes.io/max-replicas"] == "4")
        #expect(WorkloadPods.controllerUID(of: replicaSet) == deployment.uid)
        for pod in await WorkloadFixture.livePods(store) {
            #expect(pod.name.hasPrefix("geo-\(hash)-"))
            #expect(pod.labels == ["app": "geo", "pod-template-hash": hash])
            #expect(WorkloadPods.controllerUID(of: pod) == replicaSet.uid)
        }
        #expect(
            await WorkloadFixture.events(store, about: "geo").contains(
                "ScalingReplicaSet Scaled up replica set geo-\(hash) from 0 to 3"
            )
        )
        await WorkloadFixture.kubelet(store)
        let available = await WorkloadFixture.eventually {
            let status = await store.find(.deployments, namespace: "default", name: "geo")?["status"]
            return status?["availableReplicas"]?.intValue == 3
                && Self.condition(status, "Progressing")?["reason"]?.stringValue == "NewReplicaSetAvailable"
        }
        #expect(available)
        let status = await store.find(.deployments, namespace: "default", name: "geo")?["status"]
        #expect(status?["replicas"]?.intValue == 3)
        #expect(status?["updatedReplicas"]?.intValue == 3)
        #expect(status?["readyReplicas"]?.intValue == 3)
        #expect(status?["unavailableReplicas"] == nil)
        #expect(status?["observedGeneration"]?.intValue == 1)
        #expect(Self.condition(status, "Available")?["reason"]?.stringValue == "MinimumReplicasAvailable")
        #expect(
            Self.condition(status, "Progressing")?["message"]?.stringValue
                == "ReplicaSet \"geo-\(hash)\" has successfully progressed."
        )
        let annotations = await store.find(.deployments, namespace: "default", name: "geo")?.annotations
        #expect(annotations?["deployment.kubernetes.io/revision"] == "1")
        await WorkloadFixture.stop(controllers)
    }

    @Test("scaling a Deployment from 3 to 1 deletes 2 pods")
    func scaleDown() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        try await store.create(.deployments, WorkloadFixture.deployment("geo", replicas: 3))
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).count == 3 })
        await WorkloadFixture.kubelet(store)
        try await store.mutate(.deployments, namespace: "default", name: "geo") { $0[path: ["spec", "replicas"]] = 1 }
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).count == 1 })
        let terminating = await store.list(.pods, namespace: "default").items.filter(\.isTerminating)
        #expect(terminating.count == 2)
        let name = await store.list(.replicaSets, namespace: "default").items.first?.name ?? ""
        #expect(
            await WorkloadFixture.events(store, about: "geo").contains(
                "ScalingReplicaSet Scaled down replica set \(name) from 3 to 1"
            )
        )
        await WorkloadFixture.stop(controllers)
    }

    @Test("a template change rolls out a new ReplicaSet and scales the old one to 0 as new pods get ready")
    func rollingUpdate() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        try await store.create(.deployments, WorkloadFixture.deployment("geo", replicas: 3))
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        #expect(await WorkloadFixture.eventually { await WorkloadFixture.livePods(store).count == 3 })
        await WorkloadFixture.kubelet(store)
        let oldName = await store.list(.replicaSets, namespace: "default").items.first?.name ?? ""
        try await store.mutate(.deployments, namespace: "default", name: "geo") {
            $0[path: ["spec", "template", "spec", "containers"]] = [["name": "main", "image": "nginx:2"]]
        }
        // Play kubelet until the rollout is done.
        let done = await WorkloadFixture.eventually(seconds: 10) {
            await WorkloadFixture.kubelet(store)
            let sets = await store.list(.replicaSets, namespace: "default").items
            let old = sets.first { $0.name == oldName }
            let new = sets.first { $0.name != oldName }
            let pods = await WorkloadFixture.livePods(store)
            return old?[path: ["spec", "replicas"]]?.intValue == 0
                && new?[path: ["status", "readyReplicas"]]?.intValue == 3
                && pods.count == 3 && pods.allSatisfy { $0.name.hasPrefix((new?.name ?? "?") + "-") }
        }
        #expect(done)
        let sets = await store.list(.replicaSets, namespace: "default").items
        let new = try #require(sets.first { $0.name != oldName })
        #expect(new.annotations["deployment.kubernetes.io/revision"] == "2")
        #expect(new[path: ["spec", "template", "spec", "containers"]]?[0]?["image"]?.stringValue == "nginx:2")
        let pods = await WorkloadFixture.livePods(store)
        #expect(pods.count == 3 && pods.allSatisfy { $0.name.hasPrefix(new.name + "-") })
        let events = await WorkloadFixture.events(store, about: "geo")
        #expect(events.contains("ScalingReplicaSet Scaled up replica set \(new.name) from 0 to 1"))
        #expect(events.contains("ScalingReplicaSet Scaled down replica set \(oldName) from 3 to 2"))
        // Rollout undo: the old template again makes the old ReplicaSet current with revision 3.
        try await store.mutate(.deployments, namespace: "default", name: "geo") {
            $0[path: ["spec", "template", "spec", "containers"]] = [["name": "main", "image": "nginx:1"]]
        }
        let undone = await WorkloadFixture.eventually(seconds: 10) {
            await WorkloadFixture.kubelet(store)
            let old = await store.find(.replicaSets, namespace: "default", name: oldName)
            return old?.annotations["deployment.kubernetes.io/revision"] == "3"
                && old?[path: ["status", "readyReplicas"]]?.intValue == 3
        }
        #expect(undone)
        #expect(await store.list(.replicaSets, namespace: "default").items.count == 2)
        await WorkloadFixture.stop(controllers)
    }

    @Test("a paused Deployment does not roll out a template change")
    func paused() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        try await store.create(.deployments, WorkloadFixture.deployment("geo", replicas: 1))
        let controller = DeploymentController(context: context)
        await controller.syncAll()
        try await store.mutate(.deployments, namespace: "default", name: "geo") {
            $0[path: ["spec", "paused"]] = true
            $0[path: ["spec", "template", "metadata", "annotations"]] = ["kubectl.kubernetes.io/restartedAt": "now"]
        }
        await controller.syncAll()
        #expect(await store.list(.replicaSets, namespace: "default").items.count == 1)
        let status = await store.find(.deployments, namespace: "default", name: "geo")?["status"]
        #expect(Self.condition(status, "Progressing")?["reason"]?.stringValue == "DeploymentPaused")
        try await store.mutate(.deployments, namespace: "default", name: "geo") {
            $0[path: ["spec", "paused"]] = false
        }
        await controller.syncAll()
        #expect(await store.list(.replicaSets, namespace: "default").items.count == 2)
    }

    @Test("Recreate removes every old pod before the new ReplicaSet gets any")
    func recreate() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        var manifest = WorkloadFixture.deployment("db", replicas: 2)
        manifest[path: ["spec", "strategy"]] = ["type": "Recreate"]
        try await store.create(.deployments, manifest)
        let deployments = DeploymentController(context: context)
        let replicaSets = ReplicaSetController(context: context)
        await deployments.syncAll()
        await replicaSets.syncAll()
        await WorkloadFixture.kubelet(store)
        await replicaSets.syncAll()
        try await store.mutate(.deployments, namespace: "default", name: "db") {
            $0[path: ["spec", "template", "spec", "containers"]] = [["name": "main", "image": "postgres:2"]]
        }
        await deployments.syncAll()
        await replicaSets.syncAll()
        await deployments.syncAll()
        let sets = await store.list(.replicaSets, namespace: "default").items
        #expect(sets.count == 2)
        // Old pods are terminating but still there: nobody is scaled up yet.
        #expect(sets.allSatisfy { $0[path: ["spec", "replicas"]]?.intValue == 0 })
        #expect(await store.list(.pods, namespace: "default").items.allSatisfy(\.isTerminating))
        await WorkloadFixture.kubelet(store)  // the old pods finish terminating
        await replicaSets.syncAll()
        await deployments.syncAll()
        await replicaSets.syncAll()
        let pods = await WorkloadFixture.livePods(store)
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { $0[path: ["spec", "containers"]]?[0]?["image"]?.stringValue == "postgres:2" })
    }

    @Test("only revisionHistoryLimit old ReplicaSets are kept")
    func revisionHistory() async throws {
        let context = try await WorkloadFixture.context()
        let store = context.store
        var manifest = WorkloadFixture.deployment("geo", replicas: 1)
        manifest[path: ["spec", "revisionHistoryLimit"]] = 1
        try await store.create(.deployments, manifest)
        let controllers = WorkloadFixture.start(context)
        defer { controllers.cancel() }
        let first = await WorkloadFixture.eventually {
            await WorkloadFixture.kubelet(store)
            let sets = await store.list(.replicaSets, namespace: "default").items
            return sets.first?[path: ["status", "readyReplicas"]]?.intValue == 1
        }
        #expect(first)
        for version in 2...4 {
            let image = JSONValue.string("v\(version)")
            try await store.mutate(.deployments, namespace: "default", name: "geo") {
                $0[path: ["spec", "template", "spec", "containers"]] = [["name": "main", "image": image]]
            }
            let rolled = await WorkloadFixture.eventually(seconds: 10) {
                await WorkloadFixture.kubelet(store)
                let sets = await store.list(.replicaSets, namespace: "default").items
                let current = sets.first {
                    $0[path: ["spec", "template", "spec", "containers"]]?[0]?["image"]?.stringValue == "v\(version)"
                }
                return current?[path: ["status", "readyReplicas"]]?.intValue == 1 && sets.count <= 2
                    && sets.filter { $0[path: ["spec", "replicas"]]?.intValue == 0 }.count == sets.count - 1
            }
            #expect(rolled, "rollout to v\(version)")
        }
        let revisions = await store.list(.replicaSets, namespace: "default").items
            .compactMap { $0.annotations["deployment.kubernetes.io/revision"] }.sorted()
        #expect(revisions == ["3", "4"])
        await WorkloadFixture.stop(controllers)
    }

    @Test("Progressing reports creation, progress, completion and the deadline")
    func progressingCondition() {
        typealias Status = DeploymentController.StatusCounts
        func counts(_ replicas: Int, _ updated: Int, _ available: Int) -> Status {
            var status = Status(status: nil)
            (status.replicas, status.updated) = (replicas, updated)
            (status.available, status.ready) = (available, available)
            return status
        }
        let now = Date(timeIntervalSince1970: 1_000_000)
        func progressing(
            _ input: [JSONValue], created: Bool = false, _ current: Status, _ previous: Status, at time: Date = now
        ) -> JSONValue? {
            let result = DeploymentController.progressing(
                input, deploymentName: "geo", newName: "geo-abc", createdNew: created, paused: false, desired: 2,
                counts: current, previous: previous, deadlineSeconds: 600, now: time
            )
            return WorkloadConditions.find(result, type: "Progressing")
        }
        let created = progressing([], created: true, counts(0, 0, 0), counts(0, 0, 0))
        #expect(created?["reason"]?.stringValue == "NewReplicaSetCreated")
        #expect(created?["message"]?.stringValue == "Created new replica set \"geo-abc\"")
        let moving = progressing([created!], counts(1, 1, 0), counts(0, 0, 0))
        #expect(moving?["reason"]?.stringValue == "ReplicaSetUpdated")
        #expect(moving?["message"]?.stringValue == "ReplicaSet \"geo-abc\" is progressing.")
        let done = progressing([moving!], counts(2, 2, 2), counts(2, 2, 1))
        #expect(done?["reason"]?.stringValue == "NewReplicaSetAvailable")
        #expect(done?["message"]?.stringValue == "ReplicaSet \"geo-abc\" has successfully progressed.")
        let stuck = progressing([moving!], counts(2, 2, 1), counts(2, 2, 1), at: now.addingTimeInterval(601))
        #expect(stuck?["status"]?.stringValue == "False")
        #expect(stuck?["reason"]?.stringValue == "ProgressDeadlineExceeded")
        #expect(stuck?["message"]?.stringValue == "ReplicaSet \"geo-abc\" has timed out progressing.")
    }

    static func condition(_ status: JSONValue?, _ type: String) -> JSONValue? {
        WorkloadConditions.find(status?["conditions"]?.arrayValue ?? [], type: type)
    }
}
