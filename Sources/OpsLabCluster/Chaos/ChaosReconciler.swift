import Foundation
import Logging
import OpsLabCore
import OpsLabKube

/// The chaos controller's state and its reconcile pass over every experiment of one kind.
actor ChaosReconciler {
    /// The finalizer Chaos Mesh puts on every experiment.
    static let finalizer = "chaos-mesh/records"
    /// The annotation that pauses an experiment.
    static let pauseAnnotation = "experiment.chaos-mesh.org/pause"

    let context: ClusterContext
    let configuration: ChaosConfiguration
    let kind: any ChaosKind
    let logger: Logger
    /// The last state seen of every experiment, by uid (to recover one that vanished).
    var known: [String: JSONValue] = [:]
    /// When a failing step of an experiment (by uid) may be tried again.
    var retryAfter: [String: Date] = [:]

    init(context: ClusterContext, configuration: ChaosConfiguration, kind: any ChaosKind) {
        self.context = context
        self.configuration = configuration
        self.logger = Logger(label: "opslab.chaos")
        self.kind = kind
    }

    /// A reconciler of PodChaos.
    init(context: ClusterContext, configuration: ChaosConfiguration) {
        let actions = PodChaosActions(
            store: context.store,
            deleter: ObjectDeleter(
                store: context.store, now: context.now,
                defaultGracePeriodSeconds: context.configuration.defaultGracePeriodSeconds),
            killer: ContainerKiller(pidsPath: context.configuration.podPidsPath),
            pauseImage: configuration.pauseImage)
        self.init(context: context, configuration: configuration, kind: PodChaosKind(actions: actions))
    }

    /// One pass: reconciles every stored experiment, then recovers the ones that vanished since the last pass.
    func pass() async {
        let items = await context.store.list(kind.type).items
        var seen: [String: JSONValue] = [:]
        for object in items {
            if let latest = await reconcile(object) { seen[object.uid] = latest }
        }
        for (uid, object) in known where seen[uid] == nil && items.allSatisfy({ $0.uid != uid }) {
            await reconcileVanished(object)
        }
        known = seen
        retryAfter = retryAfter.filter { seen[$0.key] != nil }
    }

    /// Reconciles one stored experiment; returns its state afterwards (`nil` once it is gone).
    private func reconcile(_ input: JSONValue) async -> JSONValue? {
        var object = input
        let spec: ChaosPlan
        do {
            spec = try kind.plan(object)
        } catch {
            if object.isTerminating { return await removeFinalizer(object) }
            await failOnce(object, component: "records", "Failed to parse spec: \(error.message)")
            return object
        }
        let deleting = object.isTerminating
        let finalizers = (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        if !deleting, !finalizers.contains(Self.finalizer) {
            guard
                let updated = await write(
                    object,
                    {
                        $0[path: ["metadata", "finalizers"]] = .array(
                            (finalizers + [Self.finalizer]).map(JSONValue.string))
                    })
            else { return nil }
            object = updated
            await event(object, "finalizer", "FinalizerInited", "Finalizer has been inited")
            await event(object, "finalizer", "Updated", "Successfully update finalizer of resource")
        }
        var status = ChaosStatus(object: object)
        let previousStatus = status
        await step(object, spec: spec, status: &status, deleted: deleting)
        let statusJSON = status.json(paused: Self.isPaused(object))
        if status != previousStatus || object["status"] != statusJSON {
            guard let updated = await write(object, { $0["status"] = statusJSON }) else { return nil }
            object = updated
        }
        if deleting, (status.records ?? []).allSatisfy({ $0.phase == .notInjected }) {
            return await removeFinalizer(object)
        }
        return object
    }

    /// Recovers an experiment that left the store without passing through the finalizer.
    private func reconcileVanished(_ object: JSONValue) async {
        guard let spec = try? kind.plan(object) else { return }
        var status = ChaosStatus(object: object)
        await step(object, spec: spec, status: &status, deleted: true, retry: false)
        let left = (status.records ?? []).filter { $0.phase == .injected }.map(\.id)
        if !left.isEmpty {
            logger.warning("deleted experiment left targets injected", metadata: ["targets": "\(left)"])
        }
        await event(object, "finalizer", "FinalizerInited", "Finalizer has been removed")
    }

    /// The desired phase, the selection and the records' apply/recover, changing `status` and recording events.
    private func step(
        _ object: JSONValue, spec: ChaosPlan, status: inout ChaosStatus, deleted: Bool, retry: Bool = true
    ) async {
        let now = context.now()
        let (phase, reason) = ChaosStatus.desiredPhase(
            current: status.desiredPhase, deleted: deleted, paused: Self.isPaused(object),
            oneShot: spec.oneShot, duration: spec.duration, created: Self.creation(object), now: now)
        if let reason {
            await event(object, "desiredphase", reason, ChaosStatus.message(for: reason))
            await event(object, "desiredphase", "Updated", "Successfully update desiredPhase of resource")
        }
        status.desiredPhase = phase
        if retry, let after = retryAfter[object.uid], now < after { return }
        if status.records == nil, phase == .run {
            do {
                status.records = try await select(object)
                await event(object, "records", "Updated", "Successfully update records of resource")
            } catch {
                await fail(object, "Failed to select targets: \(error.message)")
                return
            }
        }
        guard var records = status.records else { return }
        let all = records
        for index in records.indices {
            let stamp = ObjectStore.timestamp(context.now())
            let record = records[index]
            if phase == .run, record.phase == .notInjected {
                do {
                    try await kind.apply(record, records: all, object: object)
                    records[index].phase = .injected
                    records[index].injectedCount += 1
                    records[index].events.append(.init(type: "Succeeded", operation: "Apply", timestamp: stamp))
                    await event(object, "records", "Applied", "Successfully apply chaos for \(record.id)")
                } catch {
                    records[index].events.append(
                        .init(type: "Failed", operation: "Apply", message: error.message, timestamp: stamp))
                    await fail(object, "Failed to apply chaos: \(error.message)")
                }
            } else if phase == .stop, record.phase == .injected {
                do {
                    try await kind.recover(record, object: object)
                    records[index].phase = .notInjected
                    records[index].recoveredCount += 1
                    records[index].events.append(.init(type: "Succeeded", operation: "Recover", timestamp: stamp))
                    await event(object, "records", "Recovered", "Successfully recover chaos for \(record.id)")
                } catch {
                    records[index].events.append(
                        .init(type: "Failed", operation: "Recover", message: error.message, timestamp: stamp))
                    await fail(object, "Failed to recover chaos: \(error.message)")
                }
            } else if phase == .run, record.phase == .injected {
                await kind.refresh(record, records: all, object: object)
            }
        }
        if records != status.records {
            await event(object, "records", "Updated", "Successfully update records of resource")
        }
        status.records = records
    }

    /// Selects the targets of a new experiment with a generator seeded from the configuration and its name.
    private func select(_ object: JSONValue) async throws(ChaosError) -> [ChaosRecord] {
        let namespace = object.namespace ?? "default"
        var nodeLabels: [String: [String: String]] = [:]
        if kind.needsNodeLabels(object) {
            for node in await context.store.list(.nodes).items { nodeLabels[node.name] = node.labels }
        }
        var pods: [JSONValue] = []
        for candidateNamespace in Set(kind.searchNamespaces(object)).sorted() {
            pods += await context.store.list(.pods, namespace: candidateNamespace).items
        }
        var random = ChaosRandom(seed: configuration.seed, namespace: namespace, name: object.name)
        return try kind.records(object, pods: pods, nodeLabels: nodeLabels, random: &random)
    }

    /// Removes the finalizer of a deleted experiment whose records are all recovered, then the object itself when
    /// nothing else holds it.
    private func removeFinalizer(_ object: JSONValue) async -> JSONValue? {
        let finalizers = (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        var current = object
        if finalizers.contains(Self.finalizer) {
            guard
                let updated = await write(
                    object,
                    {
                        $0[path: ["metadata", "finalizers"]] = .array(
                            finalizers.filter { $0 != Self.finalizer }.map(JSONValue.string))
                    })
            else { return nil }
            current = updated
            await event(object, "finalizer", "FinalizerInited", "Finalizer has been removed")
        }
        if (current[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty {
            _ = try? await context.store.remove(
                kind.type, namespace: object.namespace, name: object.name, uid: object.uid)
            return nil
        }
        return current
    }

    /// Changes a stored experiment (the same uid only); `nil` when it is gone.
    private func write(_ object: JSONValue, _ body: @Sendable (inout JSONValue) -> Void) async -> JSONValue? {
        let uid = object.uid
        do {
            let type = kind.type
            return try await context.store.mutate(type, namespace: object.namespace, name: object.name) { stored in
                guard stored.uid == uid else { throw APIStatus.notFound(type, name: stored.name) }
                body(&stored)
            }
        } catch {
            return nil
        }
    }

    private func event(_ object: JSONValue, _ component: String, _ reason: String, _ message: String) async {
        await context.recorder(component: component).record(object, reason: reason, message: message)
    }

    /// A Warning `Failed` event, and a pause before the next try.
    private func fail(_ object: JSONValue, _ message: String) async {
        logger.debug("chaos step failed", metadata: ["experiment": "\(object.name)", "error": "\(message)"])
        retryAfter[object.uid] = context.now().addingTimeInterval(configuration.retryInterval)
        await context.recorder(component: "records").record(object, type: "Warning", reason: "Failed", message: message)
    }

    /// A Warning `Failed` event recorded once per experiment and message.
    private func failOnce(_ object: JSONValue, component: String, _ message: String) async {
        let events = await context.store.list(.events, namespace: object.namespace).items
        if events.contains(where: {
            $0[path: ["involvedObject", "uid"]]?.stringValue == object.uid && $0["message"]?.stringValue == message
        }) {
            return
        }
        await context.recorder(component: component).record(object, type: "Warning", reason: "Failed", message: message)
    }

    static func isPaused(_ object: JSONValue) -> Bool {
        object[path: ["metadata", "annotations", pauseAnnotation]]?.stringValue == "true"
    }

    static func creation(_ object: JSONValue) -> Date? {
        guard let text = object[path: ["metadata", "creationTimestamp"]]?.stringValue else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
