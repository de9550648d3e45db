import Foundation
import OpsLabCore
import OpsLabKube

/// The `spec` of a NetworkChaos, parsed and validated as Chaos Mesh's CRD schema and admission webhook do.
///
/// Only the fields the embedded cluster acts on are kept; `device`, `targetDevice`, `delay.reorder`,
/// `bandwidth` and the correlations are accepted and validated but have no effect.
public struct NetworkChaosSpec: Sendable, Hashable {
    /// A `target` selector: the peers whose traffic with the selected pods is affected.
    public struct Target: Sendable, Hashable {
        /// The peer pods.
        public var selector: ChaosPodSelector
        /// How many of the matching peers to take.
        public var mode: ChaosMode
        /// The mode's number.
        public var value: String?

        /// Creates a target.
        public init(selector: ChaosPodSelector, mode: ChaosMode, value: String? = nil) {
            self.selector = selector
            self.mode = mode
            self.value = value
        }
    }

    /// The action.
    public var action: NetworkChaosAction
    /// How many of the matching pods to take.
    public var mode: ChaosMode
    /// The mode's number (`fixed`, `fixed-percent`, `random-max-percent`).
    public var value: String?
    /// How long the experiment runs, in seconds; `nil` runs until deleted.
    public var duration: TimeInterval?
    /// Which traffic of the selected pods is affected.
    public var direction: NetworkChaosDirection
    /// The peers; `nil` affects the selected pods' traffic with everyone.
    public var target: Target?
    /// `externalTargets` (IPs or domains outside the cluster): never reached through the embedded cluster's
    /// proxy, so they add no traffic.
    public var externalTargets: [String]
    /// The pod selector.
    public var selector: ChaosPodSelector
    /// `delay.latency` in seconds (0 without a delay block).
    public var latency: TimeInterval
    /// `delay.jitter` in seconds.
    public var jitter: TimeInterval
    /// The fraction of traffic lost: `loss.loss` (and `corrupt.corrupt`, which TCP sees as loss), 0…1.
    public var loss: Double

    /// Creates a spec.
    public init(
        action: NetworkChaosAction, mode: ChaosMode = .one, value: String? = nil, duration: TimeInterval? = nil,
        direction: NetworkChaosDirection = .to, target: Target? = nil, externalTargets: [String] = [],
        selector: ChaosPodSelector = ChaosPodSelector(), latency: TimeInterval = 0, jitter: TimeInterval = 0,
        loss: Double = 0
    ) {
        self.action = action
        self.mode = mode
        self.value = value
        self.duration = duration
        self.direction = direction
        self.target = target
        self.externalTargets = externalTargets
        self.selector = selector
        self.latency = latency
        self.jitter = jitter
        self.loss = loss
    }

    /// Parses the `spec` of a NetworkChaos object.
    /// - Throws: ``ChaosError`` `invalidSpec` listing what ``validate(_:)`` finds.
    public init(object: JSONValue) throws(ChaosError) {
        let errors = Self.validate(object)
        if !errors.isEmpty {
            throw ChaosError(.invalidSpec, errors.map(\.description).joined(separator: ", "))
        }
        let spec = object["spec"] ?? .emptyObject
        // validate(_:) has checked every field parsed here.
        action = NetworkChaosAction(rawValue: spec["action"]?.stringValue ?? "") ?? .delay
        mode = ChaosMode(rawValue: spec["mode"]?.stringValue ?? "") ?? .one
        value = spec["value"]?.stringValue
        duration = try spec["duration"]?.stringValue.map { text throws(ChaosError) in try ChaosDuration.parse(text) }
        direction = NetworkChaosDirection(rawValue: spec["direction"]?.stringValue ?? "to") ?? .to
        if let target = spec["target"], target != .null {
            self.target = Target(
                selector: try ChaosPodSelector(json: target["selector"] ?? .emptyObject),
                mode: ChaosMode(rawValue: target["mode"]?.stringValue ?? "") ?? .one,
                value: target["value"]?.stringValue)
        }
        externalTargets = ChaosPodSelector.strings(spec["externalTargets"])
        selector = try ChaosPodSelector(json: spec["selector"] ?? .emptyObject)
        latency = 0
        jitter = 0
        loss = 0
        if [.delay, .netem].contains(action), let delay = spec["delay"], delay != .null {
            latency = try ChaosDuration.parse(delay["latency"]?.stringValue ?? "0")
            jitter = try ChaosDuration.parse(delay["jitter"]?.stringValue ?? "0")
        }
        if [.loss, .netem].contains(action) {
            loss = (ChaosSpecRules.percentValue(spec[path: ["loss", "loss"]]) ?? 0) / 100
        }
        if [.corrupt, .netem].contains(action) {
            // A corrupted segment fails its checksum and is dropped: to TCP, corruption is loss.
            let corrupt = (ChaosSpecRules.percentValue(spec[path: ["corrupt", "corrupt"]]) ?? 0) / 100
            loss = 1 - (1 - loss) * (1 - corrupt)
        }
    }

    /// The field errors of a NetworkChaos object (empty when it is valid).
    public static func validate(_ object: JSONValue) -> [FieldError] {
        var errors = ObjectValidator.validate(object, type: .networkChaos)
        guard let spec = object["spec"], spec.objectValue != nil else {
            return errors + [FieldError(field: "spec", type: .required)]
        }
        let action: NetworkChaosAction? = ChaosSpecRules.enumeration(
            spec["action"], field: "spec.action", allowed: NetworkChaosAction.allCases.map(\.rawValue),
            errors: &errors)
        ChaosSpecRules.modeAndValue(spec, prefix: "spec", errors: &errors)
        ChaosSpecRules.duration(spec["duration"], field: "spec.duration", errors: &errors)
        let direction: NetworkChaosDirection? = ChaosSpecRules.enumeration(
            spec["direction"], field: "spec.direction", allowed: NetworkChaosDirection.allCases.map(\.rawValue),
            required: false, errors: &errors)
        errors += ChaosSpecRules.selector(spec["selector"], field: "spec.selector")
        let target = spec["target"].flatMap { $0 == .null ? nil : $0 }
        if let target {
            if target.objectValue == nil {
                errors.append(FieldError(field: "spec.target", type: .invalid(target), detail: "must be an object"))
            } else {
                ChaosSpecRules.modeAndValue(target, prefix: "spec.target", errors: &errors)
                errors += ChaosSpecRules.selector(target["selector"], field: "spec.target.selector")
            }
        }
        if let externals = spec["externalTargets"], externals != .null,
            externals.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true
        {
            errors.append(
                FieldError(
                    field: "spec.externalTargets", type: .invalid(externals), detail: "must be a list of strings"))
        }
        errors += validateBlocks(spec, action: action)
        if let direction, direction != .to, target == nil {
            let hasExternal = !(spec["externalTargets"]?.arrayValue ?? []).isEmpty
            if action != .partition {
                errors.append(
                    FieldError(
                        field: "spec.direction", type: .invalid(.string(direction.rawValue)),
                        detail: "`from` and `both` direction cannot be used when targets is empty in netem action"))
            } else if !hasExternal {
                errors.append(
                    FieldError(
                        field: "spec.direction", type: .invalid(.string(direction.rawValue)),
                        detail: "`from` and `both` direction cannot be used when targets and external targets are "
                            + "both empty"))
            }
        }
        return errors
    }

    /// The `delay`, `loss` and `corrupt` blocks: required by their action, well-formed when present.
    private static func validateBlocks(_ spec: JSONValue, action: NetworkChaosAction?) -> [FieldError] {
        var errors: [FieldError] = []
        for (block, needed) in [("delay", NetworkChaosAction.delay), ("loss", .loss), ("corrupt", .corrupt)]
        where action == needed && (spec[block] == nil || spec[block] == .null) {
            errors.append(FieldError(field: "spec.\(block)", type: .required))
        }
        if let delay = spec["delay"], delay != .null {
            errors += validateDelay(delay)
        }
        if let loss = spec["loss"], loss != .null {
            ChaosSpecRules.percent(loss["loss"], field: "spec.loss.loss", required: true, errors: &errors)
            ChaosSpecRules.percent(
                loss["correlation"], field: "spec.loss.correlation", required: false, errors: &errors)
        }
        if let corrupt = spec["corrupt"], corrupt != .null {
            ChaosSpecRules.percent(corrupt["corrupt"], field: "spec.corrupt.corrupt", required: true, errors: &errors)
            ChaosSpecRules.percent(
                corrupt["correlation"], field: "spec.corrupt.correlation", required: false, errors: &errors)
        }
        return errors
    }

    /// The latency pattern of the CRD (`^[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h)$`), the jitter and the correlation.
    private static func validateDelay(_ delay: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        switch delay["latency"] {
        case nil, .null:
            errors.append(FieldError(field: "spec.delay.latency", type: .required))
        case .string(let text) where matchesLatencyPattern(text):
            break
        case let other?:
            errors.append(
                FieldError(
                    field: "spec.delay.latency", type: .invalid(other),
                    detail: "should match '^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)$'"))
        }
        if let jitter = delay["jitter"], jitter != .null, !(jitter.stringValue.map(matchesLatencyPattern) ?? false) {
            errors.append(
                FieldError(
                    field: "spec.delay.jitter", type: .invalid(jitter),
                    detail: "should match '^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)$'"))
        }
        ChaosSpecRules.percent(
            delay["correlation"], field: "spec.delay.correlation", required: false, errors: &errors)
        return errors
    }

    /// Whether `text` matches `^[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h)$`.
    static func matchesLatencyPattern(_ text: String) -> Bool {
        var rest = Substring(text)
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        guard !whole.isEmpty else { return false }
        rest = rest.dropFirst(whole.count)
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(1 + fraction.count)
        }
        return ["ns", "us", "ms", "s", "m", "h"].contains(String(rest))
    }
}
