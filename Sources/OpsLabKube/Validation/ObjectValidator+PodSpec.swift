import OpsLabCore

extension ObjectValidator {
    /// A Pod spec (of a Pod or a template) at `path`, e.g. `spec` or `spec.template.spec`.
    static func validatePodSpec(_ spec: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var volumeNames: Set<String> = []
        for (index, volume) in (spec["volumes"]?.arrayValue ?? []).enumerated() {
            let name = volume["name"]?.stringValue ?? ""
            let namePath = "\(path).volumes[\(index)].name"
            if name.isEmpty {
                errors.append(FieldError(field: namePath, type: .required))
            } else {
                for message in NameValidation.dns1123Label(name) {
                    errors.append(FieldError(field: namePath, type: .invalid(.string(name)), detail: message))
                }
                if !volumeNames.insert(name).inserted {
                    errors.append(FieldError(field: namePath, type: .duplicate(.string(name))))
                }
            }
        }
        var containerNames: Set<String> = []
        let initContainers = spec["initContainers"]?.arrayValue ?? []
        for (index, container) in initContainers.enumerated() {
            errors += validateContainer(container, path: "\(path).initContainers[\(index)]", names: &containerNames)
        }
        let containers = spec["containers"]?.arrayValue ?? []
        if containers.isEmpty {
            errors.append(FieldError(field: "\(path).containers", type: .required))
        }
        for (index, container) in containers.enumerated() {
            errors += validateContainer(container, path: "\(path).containers[\(index)]", names: &containerNames)
        }
        errors += validateEnum(
            spec["restartPolicy"], path: "\(path).restartPolicy", allowed: ["Always", "Never", "OnFailure"])
        errors += validateEnum(
            spec["dnsPolicy"], path: "\(path).dnsPolicy",
            allowed: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"])
        errors += validateLabels(spec["nodeSelector"], path: "\(path).nodeSelector")
        errors += validateNonNegative(
            spec["terminationGracePeriodSeconds"], path: "\(path).terminationGracePeriodSeconds")
        if let deadline = spec["activeDeadlineSeconds"]?.intValue, deadline <= 0 {
            errors.append(
                FieldError(
                    field: "\(path).activeDeadlineSeconds", type: .invalid(.int(deadline)),
                    detail: "must be between 1 and 2147483647, inclusive"))
        }
        for (index, toleration) in (spec["tolerations"]?.arrayValue ?? []).enumerated() {
            errors += validateEnum(
                toleration["operator"], path: "\(path).tolerations[\(index)].operator", allowed: ["Equal", "Exists"])
            errors += validateEnum(
                toleration["effect"], path: "\(path).tolerations[\(index)].effect",
                allowed: ["NoExecute", "NoSchedule", "PreferNoSchedule"])
        }
        return errors
    }

    /// One container: name, image, ports, env, pull policy and volume mounts.
    static func validateContainer(_ container: JSONValue, path: String, names: inout Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        let name = container["name"]?.stringValue ?? ""
        if name.isEmpty {
            errors.append(FieldError(field: "\(path).name", type: .required))
        } else {
            for message in NameValidation.dns1123Label(name) {
                errors.append(FieldError(field: "\(path).name", type: .invalid(.string(name)), detail: message))
            }
            if !names.insert(name).inserted {
                errors.append(FieldError(field: "\(path).name", type: .duplicate(.string(name))))
            }
        }
        if (container["image"]?.stringValue ?? "").isEmpty {
            errors.append(FieldError(field: "\(path).image", type: .required))
        }
        errors += validateContainerPorts(container["ports"]?.arrayValue ?? [], path: "\(path).ports")
        for (index, variable) in (container["env"]?.arrayValue ?? []).enumerated() {
            let variableName = variable["name"]?.stringValue ?? ""
            let namePath = "\(path).env[\(index)].name"
            if variableName.isEmpty {
                errors.append(FieldError(field: namePath, type: .required))
            } else {
                for message in NameValidation.envVarName(variableName) {
                    errors.append(FieldError(field: namePath, type: .invalid(.string(variableName)), detail: message))
                }
            }
        }
        errors += validateEnum(
            container["imagePullPolicy"], path: "\(path).imagePullPolicy", allowed: ["Always", "IfNotPresent", "Never"])
        var mountPaths: Set<String> = []
        for (index, mount) in (container["volumeMounts"]?.arrayValue ?? []).enumerated() {
            let mountPath = mount["mountPath"]?.stringValue ?? ""
            if (mount["name"]?.stringValue ?? "").isEmpty {
                errors.append(FieldError(field: "\(path).volumeMounts[\(index)].name", type: .required))
            }
            if mountPath.isEmpty {
                errors.append(FieldError(field: "\(path).volumeMounts[\(index)].mountPath", type: .required))
            } else if !mountPaths.insert(mountPath).inserted {
                errors.append(
                    FieldError(
                        field: "\(path).volumeMounts[\(index)].mountPath", type: .invalid(.string(mountPath)),
                        detail: "must be unique"))
            }
        }
        return errors
    }

    /// Container ports: containerPort required and in range, names IANA service names and unique, protocol.
    static func validateContainerPorts(_ ports: [JSONValue], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            let portPath = "\(path)[\(index)]"
            if let name = port["name"]?.stringValue, !name.isEmpty {
                for message in NameValidation.portName(name) {
                    errors.append(FieldError(field: "\(portPath).name", type: .invalid(.string(name)), detail: message))
                }
                if !names.insert(name).inserted {
                    errors.append(FieldError(field: "\(portPath).name", type: .duplicate(.string(name))))
                }
            }
            let number = port["containerPort"]?.intValue ?? 0
            if number == 0 {
                errors.append(FieldError(field: "\(portPath).containerPort", type: .required))
            } else {
                for message in NameValidation.portNumber(number) {
                    errors.append(
                        FieldError(field: "\(portPath).containerPort", type: .invalid(.int(number)), detail: message))
                }
            }
            if let hostPort = port["hostPort"]?.intValue, hostPort != 0 {
                for message in NameValidation.portNumber(hostPort) {
                    errors.append(
                        FieldError(field: "\(portPath).hostPort", type: .invalid(.int(hostPort)), detail: message))
                }
            }
            errors += validateEnum(port["protocol"], path: "\(portPath).protocol", allowed: ["SCTP", "TCP", "UDP"])
        }
        return errors
    }
}
