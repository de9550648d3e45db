import OpsLabCore

extension ObjectValidator {
    /// The spec of a Deployment or ReplicaSet: replicas, selector, template and (Deployment) strategy.
    static func validateWorkloadSpec(_ spec: JSONValue, kind: String) -> [FieldError] {
        var errors = validateNonNegative(spec["replicas"], path: "spec.replicas")
        errors += validateNonNegative(spec["minReadySeconds"], path: "spec.minReadySeconds")
        var selector: LabelSelector?
        if let selectorJSON = spec["selector"], !selectorJSON.isNull {
            let selectorErrors = validateLabelSelector(selectorJSON, path: "spec.selector")
            errors += selectorErrors
            let empty =
                (selectorJSON["matchLabels"]?.objectValue ?? [:]).isEmpty
                && (selectorJSON["matchExpressions"]?.arrayValue ?? []).isEmpty
            if empty {
                errors.append(
                    FieldError(
                        field: "spec.selector", type: .invalid(selectorJSON),
                        detail: "empty selector is invalid for deployment"))
            } else if selectorErrors.isEmpty, let parsed = try? selectorJSON.decode(LabelSelectorSpec.self) {
                selector = try? LabelSelector(validating: parsed)
            }
        } else {
            errors.append(FieldError(field: "spec.selector", type: .required))
        }
        if let template = spec["template"], !template.isNull {
            let labelsJSON = template[path: ["metadata", "labels"]]
            let labels = JSONValue.stringMap(labelsJSON)
            if let selector, !selector.isEmpty, !selector.matches(labels) {
                errors.append(
                    FieldError(
                        field: "spec.template.metadata.labels",
                        type: .invalid(.object(labels.mapValues(JSONValue.string))),
                        detail: "`selector` does not match template `labels`"))
            }
            errors += validateLabels(labelsJSON, path: "spec.template.metadata.labels")
            let podSpec = template["spec"] ?? .emptyObject
            errors += validatePodSpec(podSpec, path: "spec.template.spec")
            if let policy = podSpec["restartPolicy"]?.stringValue, policy != "Always" {
                errors.append(
                    FieldError(
                        field: "spec.template.spec.restartPolicy", type: .notSupported(.string(policy), ["Always"])))
            }
            if podSpec["activeDeadlineSeconds"].map({ !$0.isNull }) ?? false {
                errors.append(
                    FieldError(
                        field: "spec.template.spec.activeDeadlineSeconds", type: .forbidden,
                        detail: "activeDeadlineSeconds in ReplicaSet is not Supported"))
            }
        } else {
            errors.append(FieldError(field: "spec.template", type: .required))
        }
        if kind == "Deployment" {
            errors += validateDeploymentExtras(spec)
        }
        return errors
    }

    /// Deployment-only fields: strategy, revisionHistoryLimit and progressDeadlineSeconds.
    static func validateDeploymentExtras(_ spec: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let strategyType = spec[path: ["strategy", "type"]]?.stringValue ?? ""
        errors += validateEnum(
            spec[path: ["strategy", "type"]], path: "spec.strategy.type", allowed: ["Recreate", "RollingUpdate"])
        if strategyType == "Recreate", spec[path: ["strategy", "rollingUpdate"]].map({ !$0.isNull }) ?? false {
            errors.append(
                FieldError(
                    field: "spec.strategy.rollingUpdate", type: .forbidden,
                    detail: "may not be specified when strategy `type` is 'Recreate'"))
        }
        errors += validateNonNegative(spec["revisionHistoryLimit"], path: "spec.revisionHistoryLimit")
        if let deadline = spec["progressDeadlineSeconds"]?.intValue {
            errors += validateNonNegative(.int(deadline), path: "spec.progressDeadlineSeconds")
            if deadline <= spec["minReadySeconds"]?.intValue ?? 0 {
                errors.append(
                    FieldError(
                        field: "spec.progressDeadlineSeconds", type: .invalid(.int(deadline)),
                        detail: "must be greater than minReadySeconds"))
            }
        }
        return errors
    }

    /// A `matchLabels`/`matchExpressions` selector as `ValidateLabelSelector` checks it.
    static func validateLabelSelector(_ selector: JSONValue, path: String) -> [FieldError] {
        var errors = validateLabels(selector["matchLabels"], path: "\(path).matchLabels")
        for (index, expression) in (selector["matchExpressions"]?.arrayValue ?? []).enumerated() {
            let expressionPath = "\(path).matchExpressions[\(index)]"
            let op = expression["operator"]?.stringValue ?? ""
            let values = expression["values"]?.arrayValue ?? []
            switch op {
            case "In", "NotIn":
                if values.isEmpty {
                    errors.append(
                        FieldError(
                            field: "\(expressionPath).values", type: .required,
                            detail: "must be specified when `operator` is 'In' or 'NotIn'"))
                }
            case "Exists", "DoesNotExist":
                if !values.isEmpty {
                    errors.append(
                        FieldError(
                            field: "\(expressionPath).values", type: .forbidden,
                            detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                }
            default:
                errors.append(
                    FieldError(
                        field: "\(expressionPath).operator", type: .invalid(.string(op)),
                        detail: "not a valid selector operator"))
            }
            let key = expression["key"]?.stringValue ?? ""
            for message in NameValidation.qualifiedName(key) {
                errors.append(FieldError(field: "\(expressionPath).key", type: .invalid(.string(key)), detail: message))
            }
        }
        return errors
    }
}
