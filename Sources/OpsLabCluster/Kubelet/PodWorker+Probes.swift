import Foundation
import OpsLabKube

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PodWorker {
    /// How long after a start failed probes are retried quietly (the process is still binding its port).
    static let startupQuietSeconds: TimeInterval = 3

    /// Watches a running instance until cancelled: readiness, liveness and the memory limit.
    func monitor(_ spec: Container) async {
        await withTaskGroup(of: Void.self) { group in
            if let probe = spec.readinessProbe {
                group.addTask { await self.probeLoop(spec, probe: probe, liveness: false) }
            }
            if let probe = spec.livenessProbe {
                group.addTask { await self.probeLoop(spec, probe: probe, liveness: true) }
            }
            if runtimes[spec.name]?.memoryLimit != nil {
                group.addTask { await self.watchMemory(spec.name) }
            }
        }
    }

    /// Runs one probe periodically; readiness toggles `ready`, liveness kills the instance after the threshold.
    private func probeLoop(_ spec: Container, probe: Probe, liveness: Bool) async {
        let container = spec.name
        let kind = liveness ? "Liveness" : "Readiness"
        let period = TimeInterval(max(probe.periodSeconds ?? 10, 1))
        let failureThreshold = max(probe.failureThreshold ?? 3, 1)
        let successThreshold = max(probe.successThreshold ?? 1, 1)
        let startedAt = context.now()
        do { try await Task.sleep(for: .seconds(probe.initialDelaySeconds ?? 0)) } catch { return }
        while runtimes[container]?.pgid == nil {
            do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
        }
        var successes = 0
        var failures = 0
        var everSucceeded = false
        while !Task.isCancelled && !stopping {
            let result = await Prober.run(probe, podIP: podIP ?? "127.0.0.1", ports: spec.ports ?? [])
            if Task.isCancelled || runtimes[container]?.pgid == nil { return }
            switch result {
            case .success:
                everSucceeded = true
                failures = 0
                successes += 1
                if !liveness, successes >= successThreshold, runtimes[container]?.status.ready == false {
                    await change(container) { $0.status.ready = true }
                }
            case .failure(let message):
                if !everSucceeded && context.now().timeIntervalSince(startedAt) < Self.startupQuietSeconds {
                    do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
                    continue
                }
                successes = 0
                failures += 1
                await event(
                    type: "Warning", reason: "Unhealthy", message: "\(kind) probe failed: \(message)",
                    container: container
                )
                if failures >= failureThreshold {
                    if liveness {
                        await killForLiveness(container)
                        return
                    }
                    if runtimes[container]?.status.ready == true {
                        await change(container) { $0.status.ready = false }
                    }
                }
            }
            do { try await Task.sleep(for: .seconds(period)) } catch { return }
        }
    }

    /// Stops an instance whose liveness probe failed; the supervisor restarts it.
    private func killForLiveness(_ container: String) async {
        guard let pgid = runtimes[container]?.pgid else { return }
        await event(
            reason: "Killing", message: "Container \(container) failed liveness probe, will be restarted",
            container: container
        )
        ContainerProcess.signal(group: pgid, SIGTERM)
        let grace = pod[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
        do { try await Task.sleep(for: .seconds(grace)) } catch { return }
        if runtimes[container]?.pgid == pgid { ContainerProcess.signal(group: pgid, SIGKILL) }
    }

    /// Polls the instance's resident memory every second; above the limit it is killed as OOMKilled.
    private func watchMemory(_ container: String) async {
        while !Task.isCancelled {
            if let runtime = runtimes[container], let pgid = runtime.pgid, let limit = runtime.memoryLimit,
                let resident = ContainerProcess.residentBytes(pid: pgid), resident > limit
            {
                runtimes[container]?.oomKilled = true
                ContainerProcess.signal(group: pgid, SIGKILL)
                return
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }
}
