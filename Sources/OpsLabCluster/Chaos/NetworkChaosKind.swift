import Foundation
import OpsLabCore
import OpsLabKube

/// NetworkChaos as a ``ChaosKind``: each selected pod's record installs a ``ProxyImpairmentRule`` in the service
/// proxy (by pod IP), recovery removes it.
///
/// Records are `<ns>/<pod>` with selector key `.` for the selected pods and `.Target` for the target pods (as
/// Chaos Mesh keys its `target` selector). A target record carries no rule of its own: the rules of the `.`
/// records name the target pods' IPs as their peers.
struct NetworkChaosKind: ChaosKind {
    /// The selector key Chaos Mesh gives `spec.target`'s records.
    static let targetSelectorKey = ".Target"

    let store: ObjectStore
    let impairments: ProxyImpairments

    var type: ResourceType { .networkChaos }

    func plan(_ object: JSONValue) throws(ChaosError) -> ChaosPlan {
        ChaosPlan(oneShot: false, duration: try NetworkChaosSpec(object: object).duration)
    }

    func records(
        _ object: JSONValue, pods: [JSONValue], nodeLabels: [String: [String: String]], random: inout ChaosRandom
    ) throws(ChaosError) -> [ChaosRecord] {
        try Self.records(
            spec: try NetworkChaosSpec(object: object), namespace: object.namespace ?? "default", pods: pods,
            nodeLabels: nodeLabels, random: &random)
    }

    /// The records of a new experiment: the mode's choice among the selector's candidates, then the target
    /// mode's choice among the target selector's.
    /// - Throws: ``ChaosError`` `selection` when either selects nothing.
    static func records(
        spec: NetworkChaosSpec, namespace: String, pods: [JSONValue], nodeLabels: [String: [String: String]] = [:],
        random: inout some RandomNumberGenerator
    ) throws(ChaosError) -> [ChaosRecord] {
        func id(_ pod: JSONValue) -> String { "\(pod.namespace ?? "default")/\(pod.name)" }
        let candidates = spec.selector.candidates(pods, defaultNamespace: namespace, nodeLabels: nodeLabels)
        var records = try spec.mode.choose(from: candidates, value: spec.value, using: &random).map {
            ChaosRecord(id: id($0))
        }
        if let target = spec.target {
            let peers = target.selector.candidates(pods, defaultNamespace: namespace, nodeLabels: nodeLabels)
            records += try target.mode.choose(from: peers, value: target.value, using: &random).map {
                ChaosRecord(id: id($0), selectorKey: targetSelectorKey)
            }
        }
        return records
    }

    /// The proxy rule of one selected pod (IP `ip`) whose peers have IPs `peers` (`nil`: anyone).
    static func rule(spec: NetworkChaosSpec, ip: String, peers: Set<String>?) throws(ChaosError) -> ProxyImpairmentRule
    {
        let impairment: ProxyImpairment
        switch spec.action {
        case .bandwidth:
            throw ChaosError(.apply, "the bandwidth action is not supported by the embedded cluster")
        case .partition:
            impairment = ProxyImpairment(partitioned: true)
        case .netem, .delay, .loss, .corrupt, .duplicate:
            // Duplicated segments are discarded by TCP: duplicate alone leaves a stream as it was.
            impairment = ProxyImpairment(
                latency: .nanoseconds(Int64((spec.latency * 1e9).rounded())),
                jitter: .nanoseconds(Int64((spec.jitter * 1e9).rounded())), loss: spec.loss)
        }
        let direction: ProxyImpairmentRule.Direction
        switch spec.direction {
        case .to: direction = .egress
        case .from: direction = .ingress
        case .both: direction = .both
        }
        return ProxyImpairmentRule(pods: [ip], peers: peers, direction: direction, impairment: impairment)
    }

    /// The key of a record's rule in the proxy's table.
    static func ruleID(_ record: ChaosRecord, object: JSONValue) -> String { "\(object.uid)/\(record.id)" }

    func apply(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async throws(ChaosError) {
        let spec = try NetworkChaosSpec(object: object)
        guard record.selectorKey == "." else { return }
        let ip = try await podIP(record)
        var peers: Set<String>?
        if spec.target != nil {
            var found: Set<String> = []
            for peer in records where peer.selectorKey == Self.targetSelectorKey {
                if let address = try? await podIP(peer) { found.insert(address) }
            }
            peers = found
        }
        impairments.install(try Self.rule(spec: spec, ip: ip, peers: peers), id: Self.ruleID(record, object: object))
    }

    func recover(_ record: ChaosRecord, object: JSONValue) async throws(ChaosError) {
        impairments.remove(id: Self.ruleID(record, object: object))
    }

    func refresh(_ record: ChaosRecord, records: [ChaosRecord], object: JSONValue) async {
        guard record.selectorKey == ".", !impairments.ids.contains(Self.ruleID(record, object: object)) else { return }
        try? await apply(record, records: records, object: object)
    }

    func searchNamespaces(_ object: JSONValue) -> [String] {
        guard let spec = try? NetworkChaosSpec(object: object) else { return [] }
        let namespace = object.namespace ?? "default"
        return spec.selector.searchNamespaces(default: namespace)
            + (spec.target?.selector.searchNamespaces(default: namespace) ?? [])
    }

    func needsNodeLabels(_ object: JSONValue) -> Bool {
        guard let spec = try? NetworkChaosSpec(object: object) else { return false }
        return !spec.selector.nodeSelectors.isEmpty || !(spec.target?.selector.nodeSelectors.isEmpty ?? true)
    }

    /// The IP of a record's pod.
    /// - Throws: ``ChaosError`` `apply` when the pod is gone or has no IP yet.
    private func podIP(_ record: ChaosRecord) async throws(ChaosError) -> String {
        let (namespace, name, _) = record.target
        let pod: JSONValue
        do {
            pod = try await store.get(.pods, namespace: namespace, name: name)
        } catch {
            throw ChaosError(.apply, "pod \(record.id) not found")
        }
        guard let ip = pod[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty else {
            throw ChaosError(.apply, "pod \(record.id) has no IP yet")
        }
        return ip
    }
}
