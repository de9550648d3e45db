import Foundation
import Logging
import OpsLabCore
import OpsLabKube

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the kubelet tracks about one container of a pod.
struct ContainerRuntime: Sendable {
    /// The reported status.
    var status: ContainerStatus
    /// The running instance's process group, if any.
    var pgid: Int32?
    /// The image the running (or last) instance was started from.
    var runningImage: String?
    /// The memory limit in bytes, if any.
    var memoryLimit: Double?
    /// Set when the memory watcher killed the instance.
    var oomKilled = false
    /// Set when the spec changed in place: restart without back-off.
    var definitionChanged = false
    /// Set when the container exited and will not be restarted.
    var finished = false
}

/// Runs one pod: its address, its containers' supervisors, its status and its deletion.
actor PodWorker {
    let context: ClusterContext
    let catalog: ImageCatalog
    let pids: PodPidTable
    let logger: Logger
    let recorder: EventRecorder
    let uid: String
    let namespace: String
    let name: String
    let node: String
    /// The latest pod object from the watch.
    var pod: JSONValue
    var podIP: String?
    var startTime: String?
    var runtimes: [String: ContainerRuntime] = [:]
    var order: [String] = []
    var terminating = false
    var removed = false
    private var statusVersion = 0
    private var writtenVersion = 0
    private var writing = false

    init(
        pod: JSONValue, node: String, context: ClusterContext, catalog: ImageCatalog, pids: PodPidTable,
        logger: Logger
    ) {
        self.pod = pod
        self.node = node
        self.context = context
        self.catalog = catalog
        self.pids = pids
        self.logger = logger
        self.uid = pod.uid
        self.namespace = pod.namespace ?? "default"
        self.name = pod.name
        self.recorder = context.recorder(component: "kubelet", host: node)
        for container in Self.containers(of: pod) {
            var status = ContainerStatus(name: container.name, image: container.image ?? "")
            status.state = ContainerState(waiting: .init(reason: "ContainerCreating"))
            status.started = false
            order.append(container.name)
            runtimes[container.name] = ContainerRuntime(
                status: status, memoryLimit: container.resources?.limits?["memory"]?.value
            )
        }
        self.terminating = pod.isTerminating
    }

    /// The containers of a pod object.
    static func containers(of pod: JSONValue) -> [Container] {
        (try? pod[path: ["spec", "containers"]]?.decode([Container].self)) ?? []
    }

    /// The current spec of one container.
    func spec(of container: String) -> Container? {
        Self.containers(of: pod).first { $0.name == container }
    }

    /// Whether supervisors must stop.
    var stopping: Bool { terminating || removed || Task.isCancelled }

    /// The pod's `<pod>_<ns>(<uid>)` form used in back-off messages.
    var podKey: String { "\(name)_\(namespace)(\(uid))" }

    /// `<state>/pods/<ns>_<pod>_<uid>`: the containers' working directory.
    var workingDirectory: String {
        "\(context.configuration.stateDirectory)/pods/\(namespace)_\(name)_\(uid)"
    }

    /// Runs the pod until it is deleted (or the kubelet is cancelled).
    func run() async {
        let previousIP = pod[path: ["status", "podIP"]]?.stringValue
        if let previousIP, context.reserveIP(previousIP) {
            podIP = previousIP
        } else {
            podIP = context.allocateIP(.pod)
        }
        startTime = pod[path: ["status", "startTime"]]?.stringValue ?? ObjectStore.timestamp(context.now())
        try? FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
        await writeStatus()
        guard podIP != nil else {
            logger.error("no pod IP left", metadata: ["pod": "\(namespace)/\(name)"])
            return
        }
        let names = order
        await withTaskGroup(of: Bool.self) { group in
            for container in names {
                group.addTask {
                    await self.supervise(container); return true
                }
            }
            group.addTask {
                await self.enforceGracePeriod(); return false
            }
            var remaining = names.count
            for await isSupervisor in group where isSupervisor {
                remaining -= 1
                if remaining == 0 { group.cancelAll() }
            }
        }
        while !terminating && !removed && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
        }
        if let podIP { context.releaseIP(podIP) }
        try? FileManager.default.removeItem(atPath: workingDirectory)
        if terminating && !removed && !Task.isCancelled {
            _ = try? await context.store.remove(.pods, namespace: namespace, name: name, uid: uid)
        }
    }

    /// Takes a newer version of the pod from the watch: starts deletion, or restarts containers whose image changed.
    func update(_ newPod: JSONValue) async {
        guard newPod.uid == uid else { return }
        pod = newPod
        if newPod.isTerminating && !terminating {
            terminating = true
            for container in order {
                guard let pgid = runtimes[container]?.pgid else { continue }
                await event(
                    reason: "Killing", message: "Stopping container \(container)", container: container
                )
                ContainerProcess.signal(group: pgid, SIGTERM)
            }
            return
        }
        for container in order { await restartIfDefinitionChanged(container) }
    }

    /// Restarts a running container whose spec'd image differs from the one it runs (`Killing` event).
    func restartIfDefinitionChanged(_ container: String) async {
        guard var runtime = runtimes[container], let pgid = runtime.pgid, let running = runtime.runningImage,
            let image = spec(of: container)?.image, image != running, !runtime.definitionChanged, !terminating
        else { return }
        runtime.definitionChanged = true
        runtimes[container] = runtime
        await event(
            reason: "Killing", message: "Container \(container) definition changed, will be restarted",
            container: container
        )
        ContainerProcess.signal(group: pgid, SIGTERM)
    }

    /// The pod vanished from the store: kill its processes at once.
    func removedFromStore() {
        removed = true
        terminating = true
        for runtime in runtimes.values {
            if let pgid = runtime.pgid { ContainerProcess.signal(group: pgid, SIGKILL) }
        }
    }

    /// After deletion starts, SIGKILLs whatever still runs once the grace period is over.
    private func enforceGracePeriod() async {
        while !terminating {
            do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
        }
        let grace =
            pod[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue
            ?? pod[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue
            ?? Int64(context.configuration.defaultGracePeriodSeconds)
        do { try await Task.sleep(for: .seconds(grace)) } catch { return }
        for runtime in runtimes.values {
            if let pgid = runtime.pgid { ContainerProcess.signal(group: pgid, SIGKILL) }
        }
    }

    /// Records an event about the pod, optionally about one container.
    func event(type: String = "Normal", reason: String, message: String, container: String? = nil) async {
        await recorder.record(
            pod, type: type, reason: reason, message: message,
            fieldPath: container.map { "spec.containers{\($0)}" }
        )
    }

    /// Changes one container's runtime state and publishes the new status.
    func change(_ container: String, _ body: (inout ContainerRuntime) -> Void) async {
        guard var runtime = runtimes[container] else { return }
        body(&runtime)
        runtimes[container] = runtime
        await writeStatus()
    }

    /// Writes the pod's status (only `status`) to the store, always ending with the latest state.
    func writeStatus() async {
        statusVersion += 1
        guard !writing else { return }
        writing = true
        defer { writing = false }
        while writtenVersion < statusVersion {
            let version = statusVersion
            let statuses = order.compactMap { runtimes[$0]?.status }
            let finished = order.compactMap { runtimes[$0]?.finished }
            let containers = Self.containers(of: pod)
            let phase = PodStatusBuilder.phase(statuses, finished: finished)
            let qos = PodStatusBuilder.qosClass(containers)
            let now = ObjectStore.timestamp(context.now())
            let hostIP = context.configuration.nodeAddress(node)
            let podIP = self.podIP
            let startTime = self.startTime
            let uid = self.uid
            _ = try? await context.store.mutate(.pods, namespace: namespace, name: name) { object in
                guard object.uid == uid else { return }
                let previous = (try? object[path: ["status", "conditions"]]?.decode([PodCondition].self)) ?? []
                var status = PodStatus(phase: phase)
                status.hostIP = hostIP
                status.hostIPs = [.init(ip: hostIP)]
                status.podIP = podIP
                status.podIPs = podIP.map { [.init(ip: $0)] }
                status.startTime = startTime
                status.qosClass = qos
                status.containerStatuses = statuses
                status.conditions = PodStatusBuilder.conditions(
                    statuses: statuses, sandboxReady: podIP != nil, previous: previous, now: now
                )
                object["status"] = try JSONValue(encoding: status)
            }
            writtenVersion = version
        }
    }
}
