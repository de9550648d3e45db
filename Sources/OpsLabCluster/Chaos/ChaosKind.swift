import Foundation
import OpsLabCore
import OpsLabKube

/// What the chaos controller needs to know about an experiment to drive its lifecycle.
struct ChaosPlan: Sendable, Hashable {
    /// Whether the action happens once and has nothing to undo (`duration` is ignored).
    var oneShot: Bool
    /// How long the experiment runs, in seconds; `nil` runs until deleted.
    var duration: TimeInterval?
}

/// One Chaos Mesh kind the controller runs: how to parse it, select its targets, and apply and recover a record.
///
/// The lifecycle (finalizer, desired phase, records, conditions, events, pause, duration) is the same for every
/// kind and lives in ``ChaosReconciler``.
protocol ChaosKind: Sendable {
    /// The resource the kind is stored as.
    var type: ResourceType { get }
    /// Parses and validates an experiment.
    func plan(_ object: JSONValue) throws(ChaosError) -> ChaosPlan
    /// The records of a new experiment, chosen among `pods` (every pod of the namespaces the selectors search).
    func records(
        _ object: JSONValue, pods: [JSONValue], nodeLabels: [String: [String: String]],
        random: inout ChaosRandom
    ) throws(ChaosError) -> [ChaosRecord]
    /// Puts the chaos into effect on one record (`records` are all of the experiment's).
    func apply(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async throws(ChaosError)
    /// Takes the chaos out of effect on one record.
    func recover(_ record: ChaosRecord, object: JSONValue) async throws(ChaosError)
    /// Re-establishes an injected record's effect if it was lost (e.g. kept only in memory); called every pass.
    func refresh(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async
    /// The namespaces whose pods ``records(_:pods:nodeLabels:random:)`` needs.
    func searchNamespaces(_ object: JSONValue) -> [String]
    /// Whether selecting needs node labels.
    func needsNodeLabels(_ object: JSONValue) -> Bool
}

extension ChaosKind {
    func refresh(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async {}
}

/// PodChaos as a ``ChaosKind``.
struct PodChaosKind: ChaosKind {
    let actions: PodChaosActions

    var type: ResourceType { .podChaos }

    func plan(_ object: JSONValue) throws(ChaosError) -> ChaosPlan {
        let spec = try PodChaosSpec(object: object)
        return ChaosPlan(oneShot: spec.action.isOneShot, duration: spec.duration)
    }

    func records(
        _ object: JSONValue, pods: [JSONValue], nodeLabels: [String: [String: String]], random: inout ChaosRandom
    ) throws(ChaosError) -> [ChaosRecord] {
        let spec = try PodChaosSpec(object: object)
        let candidates = spec.selector.candidates(
            pods, defaultNamespace: object.namespace ?? "default", nodeLabels: nodeLabels)
        return try PodChaosActions.records(spec: spec, candidates: candidates, random: &random)
    }

    func apply(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async throws(ChaosError) {
        try await actions.apply(record, spec: try PodChaosSpec(object: object), experiment: object.name)
    }

    func recover(_ record: ChaosRecord, object: JSONValue) async throws(ChaosError) {
        try await actions.recover(record, spec: try PodChaosSpec(object: object), experiment: object.name)
    }

    func searchNamespaces(_ object: JSONValue) -> [String] {
        let spec = try? PodChaosSpec(object: object)
        return spec?.selector.searchNamespaces(default: object.namespace ?? "default") ?? []
    }

    func needsNodeLabels(_ object: JSONValue) -> Bool {
        !((try? PodChaosSpec(object: object))?.selector.nodeSelectors.isEmpty ?? true)
    }
}
