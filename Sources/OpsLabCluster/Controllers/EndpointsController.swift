import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import ServiceLifecycle
import Synchronization

/// The endpoints controller: keeps one Endpoints object per Service that has a selector.
///
/// The Endpoints object has the Service's name and labels; its subsets list the matching pods that have an IP
/// and are not terminating — Ready ones under `addresses`, the others under `notReadyAddresses` — with the
/// ports each Service port resolves to on those pods (see ``desiredSubsets(service:pods:)``). Services without
/// a selector are left alone. When a Service is deleted its Endpoints object goes too. Reacts to pod and
/// service watches; stops on task cancellation or graceful shutdown.
public struct EndpointsController: Service {
    /// The controller's name as Kubernetes uses it.
    public static let component = "endpoint-controller"

    private let context: ClusterContext
    private let logger: Logger

    /// Creates the controller.
    public init(context: ClusterContext) {
        self.context = context
        var logger = context.logger
        logger[metadataKey: "component"] = "endpoints"
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    /// Namespaces to reconcile and services seen deleted, collected between passes.
    private final class DirtySet: Sendable {
        private let state = Mutex<(namespaces: Set<String>, deleted: Set<[String]>)>(([], []))

        func mark(_ namespace: String, deletedService: String? = nil) {
            state.withLock { state in
                state.namespaces.insert(namespace)
                if let deletedService { state.deleted.insert([namespace, deletedService]) }
            }
        }

        func take() -> (namespaces: Set<String>, deleted: Set<[String]>) {
            state.withLock { state in
                defer { state = ([], []) }
                return state
            }
        }
    }

    private func loop() async throws {
        let store = context.store
        let services = try await store.watch(.services, namespace: nil, since: nil)
        let pods = try await store.watch(.pods, namespace: nil, since: nil)
        let dirty = DirtySet()
        let (signal, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in services {
                    let namespace = event.object.namespace ?? "default"
                    dirty.mark(namespace, deletedService: event.kind == .deleted ? event.object.name : nil)
                    trigger.yield()
                }
                trigger.finish()
            }
            group.addTask {
                for await event in pods where Self.affectsEndpoints(event) {
                    dirty.mark(event.object.namespace ?? "default")
                    trigger.yield()
                }
                trigger.finish()
            }
            for await _ in signal {
                let work = dirty.take()
                for key in work.deleted where key.count == 2 {
                    await removeOrphan(namespace: key[0], name: key[1])
                }
                for namespace in work.namespaces.sorted() {
                    await reconcile(namespace: namespace)
                }
            }
            group.cancelAll()
        }
    }

    /// Whether a pod change can change any Endpoints (IP, readiness, labels, deletion, ports or node).
    private static func affectsEndpoints(_ event: WatchEvent) -> Bool {
        guard event.kind == .modified, let previous = event.previous else { return true }
        let relevant: [[String]] = [
            ["status", "podIP"], ["status", "conditions"], ["status", "phase"], ["metadata", "labels"],
            ["metadata", "deletionTimestamp"], ["spec", "nodeName"], ["spec", "containers"],
        ]
        return relevant.contains { previous[path: $0] != event.object[path: $0] }
    }

    private func removeOrphan(namespace: String, name: String) async {
        let store = context.store
        guard await store.find(.services, namespace: namespace, name: name) == nil,
            await store.find(.endpoints, namespace: namespace, name: name) != nil
        else { return }
        do {
            try await store.remove(.endpoints, namespace: namespace, name: name)
            logger.debug("deleted endpoints", metadata: ["service": "\(namespace)/\(name)"])
        } catch {
            logger.debug("endpoints already gone", metadata: ["service": "\(namespace)/\(name)"])
        }
    }

    /// Brings every selector Service's Endpoints in one namespace up to date.
    private func reconcile(namespace: String) async {
        let store = context.store
        let services = await store.list(.services, namespace: namespace).items
        let pods = await store.list(.pods, namespace: namespace).items
        for service in services {
            guard let desired = Self.desiredEndpoints(service: service, pods: pods) else { continue }
            do {
                if let existing = await store.find(.endpoints, namespace: namespace, name: service.name) {
                    if existing["subsets"] == desired["subsets"] && existing.labels == desired.labels { continue }
                    try await store.mutate(.endpoints, namespace: namespace, name: service.name) { endpoints in
                        endpoints["subsets"] = desired["subsets"]
                        endpoints.labels = desired.labels
                    }
                } else {
                    try await store.create(.endpoints, desired)
                }
            } catch {
                logger.warning(
                    "failed to write endpoints",
                    metadata: ["service": "\(namespace)/\(service.name)", "error": "\(error)"]
                )
            }
        }
    }

    /// A Service's `spec.selector`, or `nil` when it has none (or an empty one).
    public static func selector(of service: JSONValue) -> [String: String]? {
        guard let members = service[path: ["spec", "selector"]]?.objectValue, !members.isEmpty else { return nil }
        var result: [String: String] = [:]
        for (key, value) in members { result[key] = value.stringValue ?? value.jsonString() }
        return result
    }

    /// The Endpoints object a Service should have, or `nil` when the Service has no selector.
    public static func desiredEndpoints(service: JSONValue, pods: [JSONValue]) -> JSONValue? {
        guard selector(of: service) != nil else { return nil }
        var endpoints: JSONValue = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(service.name), "namespace": .string(service.namespace ?? "default")],
        ]
        endpoints.labels = service.labels
        let subsets = desiredSubsets(service: service, pods: pods)
        if !subsets.isEmpty { endpoints["subsets"] = .array(subsets) }
        return endpoints
    }

    /// The subsets for a Service: pods grouped by the port list they resolve to, addresses sorted by IP.
    ///
    /// A pod counts when its labels match the selector, it has `status.podIP`, is not terminating and not
    /// finished. Each Service port resolves to `targetPort` when it is a number, to the pod's container port of
    /// that name when it is a string (a pod without it is left out of that port), or to `port` when unset.
    public static func desiredSubsets(service: JSONValue, pods: [JSONValue]) -> [JSONValue] {
        guard let selector = selector(of: service) else { return [] }
        let servicePorts = service[path: ["spec", "ports"]]?.arrayValue ?? []
        var groups: [[JSONValue]: (ready: [JSONValue], notReady: [JSONValue])] = [:]
        var order: [[JSONValue]] = []
        for pod in pods {
            let labels = pod.labels
            guard selector.allSatisfy({ labels[$0.key] == $0.value }), !pod.isTerminating,
                let ip = pod[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty
            else { continue }
            let phase = pod[path: ["status", "phase"]]?.stringValue
            if phase == "Succeeded" || phase == "Failed" { continue }
            let ports = servicePorts.compactMap { resolvePort($0, pod: pod) }
            if ports.isEmpty && !servicePorts.isEmpty { continue }
            var address: JSONValue = [
                "ip": .string(ip),
                "targetRef": [
                    "kind": "Pod", "namespace": .string(pod.namespace ?? "default"), "name": .string(pod.name),
                    "uid": .string(pod.uid),
                ],
            ]
            if let node = pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty {
                address["nodeName"] = .string(node)
            }
            if groups[ports] == nil {
                groups[ports] = ([], [])
                order.append(ports)
            }
            if isReady(pod) { groups[ports]?.ready.append(address) } else { groups[ports]?.notReady.append(address) }
        }
        let byIP: (JSONValue, JSONValue) -> Bool = { left, right in
            let leftKey = (left["ip"]?.stringValue ?? "", left[path: ["targetRef", "name"]]?.stringValue ?? "")
            let rightKey = (right["ip"]?.stringValue ?? "", right[path: ["targetRef", "name"]]?.stringValue ?? "")
            return leftKey < rightKey
        }
        return order.map { ports in
            let group = groups[ports] ?? ([], [])
            var subset: JSONValue = .emptyObject
            if !group.ready.isEmpty { subset["addresses"] = .array(group.ready.sorted(by: byIP)) }
            if !group.notReady.isEmpty { subset["notReadyAddresses"] = .array(group.notReady.sorted(by: byIP)) }
            if !ports.isEmpty { subset["ports"] = .array(ports) }
            return subset
        }
    }

    /// One Service port resolved on one pod as an Endpoints port, or `nil` when a named target is missing.
    static func resolvePort(_ servicePort: JSONValue, pod: JSONValue) -> JSONValue? {
        let proto = servicePort["protocol"]?.stringValue ?? "TCP"
        let number: Int64?
        switch servicePort["targetPort"] {
        case .string(let name)? where Int64(name) == nil:
            number = containerPort(named: name, protocol: proto, in: pod)
        case .string(let text)?:
            number = Int64(text)
        case let value?:
            number = value.intValue ?? servicePort["port"]?.intValue
        case nil:
            number = servicePort["port"]?.intValue
        }
        guard let number else { return nil }
        var port: JSONValue = ["port": .int(number), "protocol": .string(proto)]
        if let name = servicePort["name"]?.stringValue, !name.isEmpty { port["name"] = .string(name) }
        return port
    }

    private static func containerPort(named name: String, protocol proto: String, in pod: JSONValue) -> Int64? {
        for container in pod[path: ["spec", "containers"]]?.arrayValue ?? [] {
            for port in container["ports"]?.arrayValue ?? [] where port["name"]?.stringValue == name {
                if (port["protocol"]?.stringValue ?? "TCP") == proto { return port["containerPort"]?.intValue }
            }
        }
        return nil
    }

    /// Whether a pod's `Ready` condition is `True`.
    public static func isReady(_ pod: JSONValue) -> Bool {
        (pod[path: ["status", "conditions"]]?.arrayValue ?? []).contains { condition in
            condition["type"]?.stringValue == "Ready" && condition["status"]?.stringValue == "True"
        }
    }
}
