import Foundation
import OpsLabCore
import OpsLabKube

/// The `spec` of a PodChaos, parsed and validated as Chaos Mesh's CRD schema and admission webhook do.
public struct PodChaosSpec: Sendable, Hashable {
    /// The action.
    public var action: PodChaosAction
    /// How many of the matching pods to take.
    public var mode: ChaosMode
    /// The mode's number (`fixed`, `fixed-percent`, `random-max-percent`).
    public var value: String?
    /// How long the experiment runs, in seconds; `nil` runs until deleted (ignored by one-shot actions).
    public var duration: TimeInterval?
    /// pod-kill's grace period in seconds (0 deletes at once).
    public var gracePeriod: Int
    /// container-kill's containers; empty means each pod's first container.
    public var containerNames: [String]
    /// The pod selector.
    public var selector: ChaosPodSelector

    /// Creates a spec.
    public init(
        action: PodChaosAction, mode: ChaosMode, value: String? = nil, duration: TimeInterval? = nil,
        gracePeriod: Int = 0, containerNames: [String] = [], selector: ChaosPodSelector = ChaosPodSelector()
    ) {
        self.action = action
        self.mode = mode
        self.value = value
        self.duration = duration
        self.gracePeriod = gracePeriod
        self.containerNames = containerNames
        self.selector = selector
    }

    /// Parses the `spec` of a PodChaos object.
    /// - Throws: ``ChaosError`` `invalidSpec` listing what ``validate(_:)`` finds.
    public init(object: JSONValue) throws(ChaosError) {
        let errors = Self.validate(object)
        if !errors.isEmpty {
            throw ChaosError(.invalidSpec, errors.map(\.description).joined(separator: ", "))
        }
        let spec = object["spec"] ?? .emptyObject
        // validate(_:) has checked every field parsed here.
        action = PodChaosAction(rawValue: spec["action"]?.stringValue ?? "") ?? .podFailure
        mode = ChaosMode(rawValue: spec["mode"]?.stringValue ?? "") ?? .one
        value = spec["value"]?.stringValue
        duration = try spec["duration"]?.stringValue.map { text throws(ChaosError) in try ChaosDuration.parse(text) }
        gracePeriod = Int(spec["gracePeriod"]?.intValue ?? 0)
        containerNames = ChaosPodSelector.strings(spec["containerNames"])
        selector = try ChaosPodSelector(json: spec["selector"] ?? .emptyObject)
    }

    /// The field errors of a PodChaos object (empty when it is valid): required and enumerated fields, the mode's
    /// value, the duration, the grace period and the selector's expressions and phases.
    public static func validate(_ object: JSONValue) -> [FieldError] {
        var errors = ObjectValidator.validate(object, type: .podChaos)
        guard let spec = object["spec"], spec.objectValue != nil else {
            return errors + [FieldError(field: "spec", type: .required)]
        }
        let _: PodChaosAction? = ChaosSpecRules.enumeration(
            spec["action"], field: "spec.action", allowed: PodChaosAction.allCases.map(\.rawValue), errors: &errors)
        ChaosSpecRules.modeAndValue(spec, prefix: "spec", errors: &errors)
        ChaosSpecRules.duration(spec["duration"], field: "spec.duration", errors: &errors)
        if let grace = spec["gracePeriod"], grace != .null {
            if grace.intValue == nil {
                errors.append(
                    FieldError(field: "spec.gracePeriod", type: .invalid(grace), detail: "must be an integer"))
            } else if let number = grace.intValue, number < 0 {
                errors.append(
                    FieldError(
                        field: "spec.gracePeriod", type: .invalid(grace), detail: "must be greater than or equal to 0"))
            }
        }
        if let names = spec["containerNames"], names != .null,
            names.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true
        {
            errors.append(
                FieldError(field: "spec.containerNames", type: .invalid(names), detail: "must be a list of strings"))
        }
        errors += ChaosSpecRules.selector(spec["selector"], field: "spec.selector")
        return errors
    }
}
