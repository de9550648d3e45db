import Crypto
import Foundation
import OpsLabCore
import OpsLabKube

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PodWorker {
    /// Keeps one container running according to the pod's restart policy until the pod stops.
    func supervise(_ container: String) async {
        var crashBackoff = CrashLoopBackoff()
        var pullBackoff = CrashLoopBackoff()
        while !stopping {
            guard let spec = spec(of: container) else { return }
            let image = spec.image ?? ""
            guard let role = catalog.role(for: image) else {
                await failPull(container, image: image, backoff: &pullBackoff)
                continue
            }
            pullBackoff = CrashLoopBackoff()
            let environment: [String: String]
            do {
                environment = try await ContainerEnvironment(
                    pod: pod, podIP: podIP ?? "", hostIP: context.configuration.nodeAddress(node),
                    servicesFilePath: context.configuration.servicesFilePath
                ).resolve(spec, store: context.store)
            } catch {
                await change(container) { runtime in
                    runtime.status.state = ContainerState(
                        waiting: .init(reason: "CreateContainerConfigError", message: error.message)
                    )
                }
                await event(type: "Warning", reason: "Failed", message: "Error: \(error.message)", container: container)
                await pause(seconds: 5, container: container, image: image)
                continue
            }
            let restart = runtimes[container]?.status.restartCount ?? 0
            await event(
                reason: "Pulled", message: "Container image \"\(image)\" already present on machine",
                container: container
            )
            await event(reason: "Created", message: "Created container: \(container)", container: container)
            let outcome = await runInstance(spec, role: role, environment: environment, restart: restart)
            if stopping { return }
            guard let exit = outcome else {
                await crashWait(container, backoff: &crashBackoff)
                continue
            }
            if runtimes[container]?.definitionChanged == true {
                await change(container) { runtime in
                    runtime.definitionChanged = false
                    runtime.runningImage = nil
                    runtime.status.restartCount += 1
                }
                continue
            }
            if !PodStatusBuilder.shouldRestart(
                policy: pod[path: ["spec", "restartPolicy"]]?.stringValue,
                exitCode: exit.exitCode)
            {
                await change(container) { $0.finished = true }
                return
            }
            await crashWait(container, backoff: &crashBackoff)
            if stopping { return }
            await change(container) { $0.status.restartCount += 1 }
        }
    }

    /// Waits out the crash back-off (reporting `CrashLoopBackOff`), then advances it.
    private func crashWait(_ container: String, backoff: inout CrashLoopBackoff) async {
        let delay = backoff.delay(at: context.now())
        if delay > 0, let current = backoff.current {
            let period = CrashLoopBackoff.goDuration(current)
            await change(container) { runtime in
                let last = runtime.status.state?.terminated
                if last != nil { runtime.status.lastState = ContainerState(terminated: last) }
                runtime.status.state = ContainerState(
                    waiting: .init(
                        reason: "CrashLoopBackOff",
                        message: "back-off \(period) restarting failed container=\(container) pod=\(podKey)"
                    )
                )
            }
            await event(
                type: "Warning", reason: "BackOff",
                message: "Back-off restarting failed container \(container) in pod \(podKey)", container: container
            )
            await pause(seconds: delay, container: container, image: spec(of: container)?.image ?? "")
        }
        backoff.recordRestart(at: context.now())
    }

    /// Reports a failed pull (`ErrImagePull`), then `ImagePullBackOff` until the back-off expires.
    private func failPull(_ container: String, image: String, backoff: inout CrashLoopBackoff) async {
        let detail =
            "rpc error: code = NotFound desc = failed to pull and unpack image \"\(image)\": "
            + "failed to resolve reference \"\(image)\": not found"
        await event(reason: "Pulling", message: "Pulling image \"\(image)\"", container: container)
        await event(
            type: "Warning", reason: "Failed", message: "Failed to pull image \"\(image)\": \(detail)",
            container: container
        )
        await event(type: "Warning", reason: "Failed", message: "Error: ErrImagePull", container: container)
        await change(container) { runtime in
            runtime.status.image = image
            runtime.status.state = ContainerState(waiting: .init(reason: "ErrImagePull", message: detail))
        }
        backoff.recordRestart(at: context.now())
        await pause(seconds: 1, container: container, image: image)
        if stopping || spec(of: container)?.image != image { return }
        let message = "Back-off pulling image \"\(image)\""
        // Events first, as for ErrImagePull: whoever sees the status finds the events that explain it.
        await event(reason: "BackOff", message: message, container: container)
        await event(type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff", container: container)
        await change(container) { runtime in
            runtime.status.state = ContainerState(waiting: .init(reason: "ImagePullBackOff", message: message))
        }
        await pause(seconds: backoff.delay(at: context.now()), container: container, image: image)
    }

    /// Sleeps up to `seconds`, waking early when the pod stops or the container's image changes.
    func pause(seconds: TimeInterval, container: String, image: String) async {
        let deadline = context.now().addingTimeInterval(seconds)
        while context.now() < deadline, !stopping, spec(of: container)?.image == image,
            runtimes[container]?.definitionChanged != true
        {
            do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
        }
    }

    /// Starts one instance and waits for it to exit; `nil` when it could not be started.
    private func runInstance(
        _ spec: Container, role: String, environment: [String: String], restart: Int
    ) async -> ContainerExit? {
        let container = spec.name
        let command = (spec.command ?? []) + (spec.args ?? [])
        var processEnvironment = environment
        processEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let grace = Int(pod[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30)
        let launch = ContainerLaunch(
            executablePath: context.configuration.executablePath,
            arguments: ["pod", "--pod", "\(namespace)/\(name)", "--container", container, "--role", role, "--"]
                + command.map { ContainerEnvironment.expand($0, with: environment) },
            environment: processEnvironment,
            workingDirectory: workingDirectory,
            logPath: Kubelet.logPath(
                configuration: context.configuration, namespace: namespace, pod: name, uid: uid, container: container,
                restart: restart
            ),
            graceSeconds: max(grace, 1)
        )
        let image = spec.image ?? ""
        let containerID = "containerd://" + Self.randomHex(bytes: 32)
        let startedAt = ObjectStore.timestamp(context.now())
        do {
            let exit = try await withThrowingTaskGroup(of: ContainerExit?.self) { group in
                group.addTask {
                    try await ContainerProcess.run(launch) { pid in
                        await self.started(container, pid: pid, image: image, containerID: containerID, at: startedAt)
                    }
                }
                group.addTask {
                    await self.monitor(spec)
                    return nil
                }
                var result: ContainerExit?
                for try await outcome in group {
                    if let outcome {
                        result = outcome
                        group.cancelAll()
                    }
                }
                return result
            }
            guard let exit else { return nil }
            await exited(container, exit: exit, containerID: containerID, startedAt: startedAt)
            return exit
        } catch {
            let message = "failed to create containerd task: failed to start \(launch.executablePath): \(error)"
            await change(container) { runtime in
                runtime.pgid = nil
                runtime.status.state = ContainerState(waiting: .init(reason: "RunContainerError", message: message))
            }
            await event(type: "Warning", reason: "Failed", message: "Error: \(message)", container: container)
            return nil
        }
    }

    /// Marks an instance as running.
    private func started(
        _ container: String, pid: Int32, image: String, containerID: String, at startedAt: String
    )
        async
    {
        pids.set("\(namespace)/\(name)/\(container)", pid: pid, pgid: pid)
        let hasReadiness = spec(of: container)?.readinessProbe != nil
        await change(container) { runtime in
            runtime.pgid = pid
            runtime.runningImage = image
            runtime.oomKilled = false
            if let previous = runtime.status.state?.terminated {
                runtime.status.lastState = ContainerState(terminated: previous)
            }
            runtime.status.image = image
            runtime.status.imageID = Self.imageID(image)
            runtime.status.containerID = containerID
            runtime.status.started = true
            runtime.status.ready = !hasReadiness
            runtime.status.state = ContainerState(running: .init(startedAt: startedAt))
        }
        await event(reason: "Started", message: "Started container \(container)", container: container)
        if terminating { ContainerProcess.signal(group: pid, SIGTERM) }
        await restartIfDefinitionChanged(container)
    }

    /// Records how an instance ended.
    private func exited(_ container: String, exit: ContainerExit, containerID: String, startedAt: String) async {
        pids.remove("\(namespace)/\(name)/\(container)")
        let finishedAt = ObjectStore.timestamp(context.now())
        await change(container) { runtime in
            let terminated = PodStatusBuilder.terminated(
                exit, oomKilled: runtime.oomKilled, startedAt: startedAt, finishedAt: finishedAt,
                containerID: containerID
            )
            runtime.pgid = nil
            runtime.status.ready = false
            runtime.status.started = false
            runtime.status.state = ContainerState(terminated: terminated)
        }
    }

    /// `docker.io/<image>@sha256:<digest>` derived from the reference, stable per image.
    static func imageID(_ image: String) -> String {
        let digest = SHA256.hash(data: Data(image.utf8)).map { String(format: "%02x", $0) }.joined()
        let name = ImageCatalog.split(ImageCatalog.normalize(image)).name
        let qualified = name.contains("/") ? name : "library/\(name)"
        return "docker.io/\(qualified)@sha256:\(digest)"
    }

    /// Random lower-case hex.
    static func randomHex(bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
