import OpsLabCore

extension ObjectValidator {
    static let serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
    static let protocols = ["SCTP", "TCP", "UDP"]

    /// A Service spec: type, ports (name, protocol, port, targetPort, nodePort), selector and affinity.
    static func validateServiceSpec(_ spec: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let type = spec["type"]?.stringValue ?? "ClusterIP"
        if !serviceTypes.contains(type) {
            errors.append(FieldError(field: "spec.type", type: .notSupported(.string(type), serviceTypes)))
        }
        if type == "ExternalName" {
            let externalName = spec["externalName"]?.stringValue ?? ""
            if externalName.isEmpty {
                errors.append(FieldError(field: "spec.externalName", type: .required))
            } else {
                for message in NameValidation.dns1123Subdomain(
                    externalName.hasSuffix(".") ? String(externalName.dropLast()) : externalName)
                {
                    errors.append(
                        FieldError(field: "spec.externalName", type: .invalid(.string(externalName)), detail: message))
                }
            }
        }
        let ports = spec["ports"]?.arrayValue ?? []
        let headless = spec["clusterIP"]?.stringValue == "None"
        if ports.isEmpty && type != "ExternalName" && !headless {
            errors.append(FieldError(field: "spec.ports", type: .required))
        }
        var names: Set<String> = []
        var keys: Set<JSONValue> = []
        for (index, port) in ports.enumerated() {
            errors += validateServicePort(
                port, index: index, requireName: ports.count > 1, serviceType: type, names: &names)
            let key: JSONValue = ["port": port["port"] ?? 0, "protocol": port["protocol"] ?? "TCP"]
            if !keys.insert(key).inserted {
                errors.append(FieldError(field: "spec.ports[\(index)]", type: .duplicate(key)))
            }
        }
        errors += validateLabels(spec["selector"], path: "spec.selector")
        errors += validateEnum(spec["sessionAffinity"], path: "spec.sessionAffinity", allowed: ["ClientIP", "None"])
        return errors
    }

    static func validateServicePort(
        _ port: JSONValue, index: Int, requireName: Bool, serviceType: String, names: inout Set<String>
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let path = "spec.ports[\(index)]"
        let name = port["name"]?.stringValue ?? ""
        if requireName && name.isEmpty {
            errors.append(FieldError(field: "\(path).name", type: .required))
        } else if !name.isEmpty {
            for message in NameValidation.dns1123Label(name) {
                errors.append(FieldError(field: "\(path).name", type: .invalid(.string(name)), detail: message))
            }
            if !names.insert(name).inserted {
                errors.append(FieldError(field: "\(path).name", type: .duplicate(.string(name))))
            }
        }
        errors += validateEnum(port["protocol"], path: "\(path).protocol", allowed: protocols)
        let number = port["port"]?.intValue ?? 0
        for message in NameValidation.portNumber(number) {
            errors.append(FieldError(field: "\(path).port", type: .invalid(.int(number)), detail: message))
        }
        switch port["targetPort"] {
        case .string(let targetName)? where !targetName.isEmpty:
            for message in NameValidation.portName(targetName) {
                errors.append(
                    FieldError(field: "\(path).targetPort", type: .invalid(.string(targetName)), detail: message))
            }
        case let value? where value.intValue != nil && value.intValue != 0:
            let target = value.intValue ?? 0
            for message in NameValidation.portNumber(target) {
                errors.append(FieldError(field: "\(path).targetPort", type: .invalid(.int(target)), detail: message))
            }
        default:
            break  // defaulted to `port`
        }
        if let nodePort = port["nodePort"]?.intValue, nodePort != 0 {
            if serviceType == "ClusterIP" {
                errors.append(
                    FieldError(
                        field: "\(path).nodePort", type: .forbidden,
                        detail: "may not be used when `type` is 'ClusterIP'"))
            } else if !(30000...32767).contains(nodePort) {
                errors.append(
                    FieldError(
                        field: "\(path).nodePort", type: .invalid(.int(nodePort)),
                        detail: "provided port is not in the valid range. The range of valid ports is 30000-32767"))
            }
        }
        return errors
    }
}
