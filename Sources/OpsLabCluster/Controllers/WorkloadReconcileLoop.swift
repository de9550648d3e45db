import Logging
import OpsLabKube
import ServiceLifecycle

/// The shared driver of the workload controllers: watches some resource types, coalesces their events
/// into "something changed" signals and runs a full reconcile pass per signal, plus one every
/// `resyncInterval`. Passes never overlap, so a controller needs no locking of its own.
struct WorkloadReconcileLoop: Sendable {
    /// The store to watch.
    var store: ObjectStore
    /// The types whose changes trigger a pass.
    var types: [ResourceType]
    /// The period of the safety-net pass.
    var resyncInterval: Duration
    /// Which events are worth a pass (all by default).
    var wants: @Sendable (ResourceType, WatchEvent) -> Bool = { _, _ in true }

    /// Runs until the task is cancelled or graceful shutdown begins.
    func run(_ pass: @escaping @Sendable () async -> Void) async {
        let store = store
        let types = types
        let interval = resyncInterval
        let wants = wants
        await cancelWhenGracefulShutdown {
            let (signals, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            await withDiscardingTaskGroup { group in
                for type in types {
                    group.addTask {
                        guard let events = try? await store.watch(type, namespace: nil, since: nil) else { return }
                        for await event in events where wants(type, event) { trigger.yield() }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        trigger.yield()
                        try? await Task.sleep(for: interval)
                    }
                    trigger.finish()
                }
                for await _ in signals {
                    if Task.isCancelled { break }
                    await pass()
                }
                group.cancelAll()
            }
        }
    }
}
