import Foundation
import OpsLabCore
import OpsLabKube

/// What PodChaos does to one record's target: select the targets, then apply and recover each of them.
struct PodChaosActions: Sendable {
    let store: ObjectStore
    let deleter: ObjectDeleter
    let killer: ContainerKiller
    let pauseImage: String

    /// The records of a new experiment: the mode's choice among `candidates` (sorted), expanded to containers for
    /// container-kill (the named ones, or each pod's first).
    /// - Throws: ``ChaosError`` `selection` (`no target has been selected`, or an unusable `value`).
    static func records(
        spec: PodChaosSpec, candidates: [JSONValue], random: inout some RandomNumberGenerator
    ) throws(ChaosError) -> [ChaosRecord] {
        let chosen = try spec.mode.choose(from: candidates, value: spec.value, using: &random)
        var records: [ChaosRecord] = []
        for pod in chosen {
            let podID = "\(pod.namespace ?? "default")/\(pod.name)"
            guard spec.action.targetsContainers else {
                records.append(ChaosRecord(id: podID))
                continue
            }
            let names = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            let targets =
                spec.containerNames.isEmpty ? Array(names.prefix(1)) : names.filter(spec.containerNames.contains)
            records += targets.map { ChaosRecord(id: "\(podID)/\($0)") }
        }
        if records.isEmpty { throw ChaosError(.selection, "no target has been selected") }
        return records
    }

    /// Puts the chaos into effect on one target.
    func apply(_ record: ChaosRecord, spec: PodChaosSpec, experiment: String) async throws(ChaosError) {
        let (namespace, podName, container) = record.target
        do {
            switch spec.action {
            case .podFailure:
                _ = try await store.mutate(.pods, namespace: namespace, name: podName) { pod in
                    pod = PodFailureImages.inject(pod, experiment: experiment, pauseImage: pauseImage)
                }
            case .containerKill:
                let pod = try await store.get(.pods, namespace: namespace, name: podName)
                let name = container ?? ""
                let declared = pod[path: ["spec", "containers"]]?.arrayValue?.contains {
                    $0["name"]?.stringValue == name
                }
                guard declared == true else {
                    throw ChaosError(.apply, "container \"\(name)\" not found in pod \(namespace)/\(podName)")
                }
                try killer.kill(namespace: namespace, pod: podName, container: name)
            case .podKill:
                do {
                    try await deleter.delete(
                        .pods, namespace: namespace, name: podName, gracePeriodSeconds: spec.gracePeriod)
                } catch let status as APIStatus where status.code == 404 {
                    // Already gone: nothing left to kill.
                }
            }
        } catch let error as ChaosError {
            throw error
        } catch {
            throw ChaosError(.apply, "\(error)")
        }
    }

    /// Takes the chaos out of effect on one target; a vanished pod counts as recovered, one-shot actions have
    /// nothing to undo.
    func recover(_ record: ChaosRecord, spec: PodChaosSpec, experiment: String) async throws(ChaosError) {
        guard spec.action == .podFailure else { return }
        let (namespace, podName, _) = record.target
        do {
            _ = try await store.mutate(.pods, namespace: namespace, name: podName) { pod in
                pod = PodFailureImages.recover(pod, experiment: experiment)
            }
        } catch let status as APIStatus where status.code == 404 {
            return
        } catch {
            throw ChaosError(.recover, "\(error)")
        }
    }
}
