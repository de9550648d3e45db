import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle

/// The `default-scheduler`: binds pending pods to nodes.
///
/// A pending pod has no `spec.nodeName`, is not terminating and asks for the default scheduler. Placement is
/// ``SchedulingDecision``. A bound pod gets `spec.nodeName`, a `PodScheduled=True` condition and a `Scheduled`
/// event; an unschedulable one gets `PodScheduled=False` (reason `Unschedulable`) and a `FailedScheduling`
/// Warning. Pending pods are retried whenever a node changes or an unbound pod changes, and every
/// `retryInterval`. The service stops on task cancellation or graceful shutdown.
public struct Scheduler: Service {
    /// The event source component.
    public static let component = "default-scheduler"

    private let context: ClusterContext
    private let retryInterval: Duration
    private let repeatEventInterval: TimeInterval
    private let logger: Logger

    /// Creates the scheduler.
    ///
    /// - Parameters:
    ///   - retryInterval: how often unschedulable pods are retried even when nothing changes.
    ///   - repeatEventInterval: how long an unchanged FailedScheduling event is not repeated.
    public init(
        context: ClusterContext, retryInterval: Duration = .seconds(10), repeatEventInterval: TimeInterval = 300
    ) {
        self.context = context
        self.retryInterval = retryInterval
        self.repeatEventInterval = repeatEventInterval
        var logger = context.logger
        logger[metadataKey: "component"] = "scheduler"
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        let store = context.store
        let pods = try await store.watch(.pods, namespace: nil, since: nil)
        let nodes = try await store.watch(.nodes, namespace: nil, since: nil)
        let (signal, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let interval = retryInterval
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in pods where Self.isUnbound(event.object) { trigger.yield() }
                trigger.finish()
            }
            group.addTask {
                for await _ in nodes { trigger.yield() }
                trigger.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    trigger.yield()
                }
            }
            var memory: [String: (message: String, recorded: Date)] = [:]
            for await _ in signal {
                await schedulePending(memory: &memory)
            }
            group.cancelAll()
        }
    }

    /// Whether a pod still waits for a node (and is ours to place).
    static func isPending(_ pod: JSONValue) -> Bool {
        guard isUnbound(pod), !pod.isTerminating else { return false }
        let phase = pod[path: ["status", "phase"]]?.stringValue
        if phase == "Succeeded" || phase == "Failed" { return false }
        let scheduler = pod[path: ["spec", "schedulerName"]]?.stringValue ?? component
        return scheduler == component
    }

    private static func isUnbound(_ pod: JSONValue) -> Bool {
        (pod[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
    }

    /// One pass over every pending pod.
    private func schedulePending(memory: inout [String: (message: String, recorded: Date)]) async {
        let store = context.store
        let nodes = await store.list(.nodes).items.map(SchedulerNode.init(json:))
        let pods = await store.list(.pods).items
        var counts: [String: Int] = [:]
        for pod in pods {
            guard let node = pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty else { continue }
            let phase = pod[path: ["status", "phase"]]?.stringValue
            if phase != "Succeeded" && phase != "Failed" { counts[node, default: 0] += 1 }
        }
        var stillPending: Set<String> = []
        for pod in pods where Self.isPending(pod) {
            switch SchedulingDecision.decide(pod: SchedulerPod(json: pod), nodes: nodes, podCounts: counts) {
            case .bind(let node):
                if await bind(pod, to: node) { counts[node, default: 0] += 1 }
            case .unschedulable(let message):
                stillPending.insert(pod.uid)
                await markUnschedulable(pod, message: message, memory: &memory)
            }
        }
        memory = memory.filter { stillPending.contains($0.key) }
    }

    private struct AlreadyBound: Error {}

    private func bind(_ pod: JSONValue, to node: String) async -> Bool {
        let stamp = ObjectStore.timestamp(context.now())
        let bound: JSONValue
        do {
            bound = try await context.store.mutate(.pods, namespace: pod.namespace, name: pod.name) { current in
                guard current.uid == pod.uid, Self.isPending(current) else { throw AlreadyBound() }
                current[path: ["spec", "nodeName"]] = .string(node)
                Self.setScheduledCondition(&current, status: "True", reason: nil, message: nil, stamp: stamp)
            }
        } catch {
            return false
        }
        let namespace = pod.namespace ?? "default"
        logger.debug("bound pod", metadata: ["pod": "\(namespace)/\(pod.name)", "node": "\(node)"])
        await context.recorder(component: Self.component).record(
            bound, reason: "Scheduled", message: "Successfully assigned \(namespace)/\(pod.name) to \(node)"
        )
        return true
    }

    private func markUnschedulable(
        _ pod: JSONValue, message: String, memory: inout [String: (message: String, recorded: Date)]
    ) async {
        let stamp = ObjectStore.timestamp(context.now())
        let updated = try? await context.store.mutate(.pods, namespace: pod.namespace, name: pod.name) { current in
            guard current.uid == pod.uid, Self.isPending(current) else { throw AlreadyBound() }
            Self.setScheduledCondition(
                &current, status: "False", reason: "Unschedulable", message: message, stamp: stamp
            )
        }
        guard let updated else { return }
        let now = context.now()
        if let last = memory[pod.uid], last.message == message,
            now.timeIntervalSince(last.recorded) < repeatEventInterval
        {
            return
        }
        memory[pod.uid] = (message, now)
        logger.debug("pod unschedulable", metadata: ["pod": "\(pod.namespace ?? "default")/\(pod.name)"])
        await context.recorder(component: Self.component).record(
            updated, type: "Warning", reason: "FailedScheduling", message: message
        )
    }

    /// Sets the `PodScheduled` condition, keeping `lastTransitionTime` when the status does not change.
    static func setScheduledCondition(
        _ pod: inout JSONValue, status: String, reason: String?, message: String?, stamp: String
    ) {
        var conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == "PodScheduled" }
        var transition = JSONValue.string(stamp)
        if let index, conditions[index]["status"]?.stringValue == status,
            let previous = conditions[index]["lastTransitionTime"]
        {
            transition = previous
        }
        var condition: JSONValue = [
            "type": "PodScheduled", "status": .string(status), "lastProbeTime": .null,
            "lastTransitionTime": transition,
        ]
        if let reason { condition["reason"] = .string(reason) }
        if let message { condition["message"] = .string(message) }
        if let index { conditions[index] = condition } else { conditions.append(condition) }
        pod[path: ["status", "conditions"]] = .array(conditions)
        if pod[path: ["status", "phase"]] == nil { pod[path: ["status", "phase"]] = "Pending" }
    }
}
