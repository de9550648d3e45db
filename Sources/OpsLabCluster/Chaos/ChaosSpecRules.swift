import Foundation
import OpsLabCore
import OpsLabKube

/// Field checks every chaos kind shares (Chaos Mesh's CRD schema and webhook): enumerated fields, the selector's
/// `mode` and `value`, Go durations and the pod selector.
enum ChaosSpecRules {
    /// A required string field whose value must be one of `allowed`; returns the parsed value when valid.
    static func enumeration<T: RawRepresentable>(
        _ value: JSONValue?, field: String, allowed: [String], required: Bool = true, errors: inout [FieldError]
    ) -> T? where T.RawValue == String {
        switch value {
        case nil, .null:
            if required { errors.append(FieldError(field: field, type: .required)) }
            return nil
        case .string(let text) where T(rawValue: text) != nil:
            return T(rawValue: text)
        case let other?:
            errors.append(FieldError(field: field, type: .notSupported(other, allowed)))
            return nil
        }
    }

    /// `mode` (required) and `value` of a pod selector at `prefix` (`spec` or `spec.target`).
    static func modeAndValue(_ spec: JSONValue, prefix: String, errors: inout [FieldError]) {
        let mode: ChaosMode? = enumeration(
            spec["mode"], field: "\(prefix).mode", allowed: ChaosMode.allCases.map(\.rawValue), errors: &errors)
        if let value = spec["value"], value != .null, value.stringValue == nil {
            errors.append(FieldError(field: "\(prefix).value", type: .invalid(value), detail: "must be a string"))
        } else if let mode, let problem = mode.valueProblem(spec["value"]?.stringValue) {
            errors.append(
                FieldError(field: "\(prefix).value", type: .invalid(spec["value"] ?? .string("")), detail: problem))
        }
    }

    /// An optional non-negative Go duration string.
    static func duration(_ value: JSONValue?, field: String, errors: inout [FieldError]) {
        guard let value, value != .null else { return }
        guard let text = value.stringValue else {
            errors.append(FieldError(field: field, type: .invalid(value), detail: "must be a string"))
            return
        }
        do throws(ChaosError) {
            if try ChaosDuration.parse(text) < 0 {
                errors.append(FieldError(field: field, type: .invalid(value), detail: "must not be negative"))
            }
        } catch {
            errors.append(FieldError(field: field, type: .invalid(value), detail: error.message))
        }
    }

    /// The required pod selector at `field`: an object with valid expressions and pod phases.
    static func selector(_ selector: JSONValue?, field: String) -> [FieldError] {
        guard let selector, selector != .null else { return [FieldError(field: field, type: .required)] }
        guard selector.objectValue != nil else {
            return [FieldError(field: field, type: .invalid(selector), detail: "must be an object")]
        }
        var errors: [FieldError] = []
        do throws(ChaosError) {
            _ = try ChaosPodSelector(json: selector)
        } catch {
            errors.append(FieldError(field: field, type: .invalid(selector), detail: error.message))
        }
        let phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"]
        for (index, phase) in (selector["podPhaseSelectors"]?.arrayValue ?? []).enumerated() {
            if let text = phase.stringValue, phases.contains(text) { continue }
            errors.append(FieldError(field: "\(field).podPhaseSelectors[\(index)]", type: .notSupported(phase, phases)))
        }
        return errors
    }

    /// A percentage string (`"99"`, `"0.5"`) between 0 and 100, as netem's loss, corrupt and correlation take.
    static func percent(_ value: JSONValue?, field: String, required: Bool, errors: inout [FieldError]) {
        guard let value, value != .null else {
            if required { errors.append(FieldError(field: field, type: .required)) }
            return
        }
        if percentValue(value) == nil {
            errors.append(
                FieldError(
                    field: field, type: .invalid(value), detail: "must be a number between 0 and 100 as a string"))
        }
    }

    /// The number of a percentage string between 0 and 100, or `nil`.
    static func percentValue(_ value: JSONValue?) -> Double? {
        guard let text = value?.stringValue, let number = Double(text), number.isFinite, number >= 0, number <= 100
        else { return nil }
        return number
    }
}
