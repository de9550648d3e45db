import OpsLabCore

/// Server-side validation of built-in kinds, reporting what Kubernetes reports with the same field paths and
/// wording (e.g. `spec.template.spec.containers[0].image: Required value`).
///
/// Run it after defaulting. It checks the object's shape, not its relation to other objects. When `metadata.name`
/// is empty but `generateName` is set, only the prefix is checked, since the store generates the name.
public enum ObjectValidator {
    /// Validates an object of a built-in type; returns no errors for a valid object or an unknown type.
    public static func validate(_ object: JSONValue, type: ResourceType) -> [FieldError] {
        var errors = validateMetadata(object, kind: type.kind)
        switch type.kind {
        case "Pod":
            errors += validatePodSpec(object["spec"] ?? .emptyObject, path: "spec")
        case "Deployment", "ReplicaSet":
            errors += validateWorkloadSpec(object["spec"] ?? .emptyObject, kind: type.kind)
        case "Service":
            errors += validateServiceSpec(object["spec"] ?? .emptyObject)
        case "ConfigMap":
            errors += validateConfigMap(object)
        case "Secret":
            errors += validateSecret(object)
        case "Endpoints":
            errors += validateEndpoints(object)
        case "Event":
            errors += validateEvent(object)
        default:
            break
        }
        return errors
    }

    /// The name rule of a kind: Namespaces are DNS-1123 labels, Services DNS-1035 labels, the rest subdomains.
    static func nameErrors(_ name: String, kind: String) -> [String] {
        switch kind {
        case "Namespace": return NameValidation.dns1123Label(name)
        case "Service": return NameValidation.dns1035Label(name)
        default: return NameValidation.dns1123Subdomain(name)
        }
    }

    /// `metadata`: name (or generateName), namespace, labels and annotations.
    static func validateMetadata(_ object: JSONValue, kind: String) -> [FieldError] {
        var errors: [FieldError] = []
        let metadata = object["metadata"] ?? .emptyObject
        let name = metadata["name"]?.stringValue ?? ""
        let generateName = metadata["generateName"]?.stringValue ?? ""
        if !generateName.isEmpty {
            // Prefix mode: a trailing dash is fine because random characters follow it.
            let masked = generateName.hasSuffix("-") ? String(generateName.dropLast()) + "a" : generateName
            for message in nameErrors(masked, kind: kind) {
                errors.append(
                    FieldError(field: "metadata.generateName", type: .invalid(.string(generateName)), detail: message))
            }
        }
        if name.isEmpty {
            if generateName.isEmpty {
                errors.append(
                    FieldError(field: "metadata.name", type: .required, detail: "name or generateName is required"))
            }
        } else {
            for message in nameErrors(name, kind: kind) {
                errors.append(FieldError(field: "metadata.name", type: .invalid(.string(name)), detail: message))
            }
        }
        if let namespace = metadata["namespace"]?.stringValue, !namespace.isEmpty {
            for message in NameValidation.dns1123Label(namespace) {
                errors.append(
                    FieldError(field: "metadata.namespace", type: .invalid(.string(namespace)), detail: message))
            }
        }
        errors += validateLabels(metadata["labels"], path: "metadata.labels")
        for key in (metadata["annotations"]?.objectValue ?? [:]).keys.sorted() {
            for message in NameValidation.qualifiedName(key.lowercased()) {
                errors.append(FieldError(field: "metadata.annotations", type: .invalid(.string(key)), detail: message))
            }
        }
        return errors
    }

    /// A label map: keys are qualified names, values label values (Kubernetes reports both at the map's path).
    static func validateLabels(_ labels: JSONValue?, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        guard let members = labels?.objectValue else { return errors }
        for key in members.keys.sorted() {
            for message in NameValidation.qualifiedName(key) {
                errors.append(FieldError(field: path, type: .invalid(.string(key)), detail: message))
            }
            let value = members[key]?.stringValue ?? ""
            for message in NameValidation.labelValue(value) {
                errors.append(FieldError(field: path, type: .invalid(.string(value)), detail: message))
            }
        }
        return errors
    }

    /// `must be greater than or equal to 0` for a negative integer field.
    static func validateNonNegative(_ value: JSONValue?, path: String) -> [FieldError] {
        guard let number = value?.intValue, number < 0 else { return [] }
        return [FieldError(field: path, type: .invalid(.int(number)), detail: "must be greater than or equal to 0")]
    }

    /// A string field restricted to a set of values (`Unsupported value`); absent or empty is fine.
    static func validateEnum(_ value: JSONValue?, path: String, allowed: [String]) -> [FieldError] {
        guard let text = value?.stringValue, !text.isEmpty, !allowed.contains(text) else { return [] }
        return [FieldError(field: path, type: .notSupported(.string(text), allowed))]
    }

    /// Keys of ConfigMap and Secret data: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..`.
    static func configKeyErrors(_ key: String) -> [String] {
        var errors: [String] = []
        if key.count > 253 { errors.append(NameValidation.maxLengthError(253)) }
        let allowed = key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "-._".unicodeScalars.contains($0)
        }
        if key.isEmpty || !allowed {
            errors.append(
                NameValidation.regexError(
                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+",
                    ["key.name", "KEY_NAME", "key-name"]))
        }
        if key == "." { errors.append("must not be '.'") }
        if key == ".." { errors.append("must not be '..'") }
        if key.hasPrefix("..") && key != ".." { errors.append("must not start with '..'") }
        return errors
    }

    static func validateConfigMap(_ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let data = object["data"]?.objectValue ?? [:]
        let binary = object["binaryData"]?.objectValue ?? [:]
        for key in data.keys.sorted() {
            for message in configKeyErrors(key) {
                errors.append(FieldError(field: "data[\(key)]", type: .invalid(.string(key)), detail: message))
            }
        }
        for key in binary.keys.sorted() {
            for message in configKeyErrors(key) {
                errors.append(FieldError(field: "binaryData[\(key)]", type: .invalid(.string(key)), detail: message))
            }
            if data[key] != nil {
                errors.append(
                    FieldError(
                        field: "data[\(key)]", type: .invalid(.string(key)),
                        detail: "duplicate of key present in binaryData"))
            }
        }
        return errors
    }

    static func validateSecret(_ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let data = object["data"]?.objectValue ?? [:]
        let stringData = object["stringData"]?.objectValue ?? [:]
        for (field, members) in [("data", data), ("stringData", stringData)] {
            for key in members.keys.sorted() {
                for message in configKeyErrors(key) {
                    errors.append(FieldError(field: "\(field)[\(key)]", type: .invalid(.string(key)), detail: message))
                }
            }
        }
        let keys = Set(data.keys).union(stringData.keys)
        switch object["type"]?.stringValue ?? "Opaque" {
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where !keys.contains(key) {
                errors.append(FieldError(field: "data[\(key)]", type: .required))
            }
        case "kubernetes.io/basic-auth":
            if !keys.contains("username") && !keys.contains("password") {
                errors.append(FieldError(field: "data[username]", type: .required))
            }
        case "kubernetes.io/dockerconfigjson":
            if !keys.contains(".dockerconfigjson") {
                errors.append(FieldError(field: "data[.dockerconfigjson]", type: .required))
            }
        default:
            break
        }
        return errors
    }

    static func validateEndpoints(_ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        for (subsetIndex, subset) in (object["subsets"]?.arrayValue ?? []).enumerated() {
            let subsetPath = "subsets[\(subsetIndex)]"
            for field in ["addresses", "notReadyAddresses"] {
                for (index, address) in (subset[field]?.arrayValue ?? []).enumerated()
                where (address["ip"]?.stringValue ?? "").isEmpty {
                    errors.append(FieldError(field: "\(subsetPath).\(field)[\(index)].ip", type: .required))
                }
            }
            for (index, port) in (subset["ports"]?.arrayValue ?? []).enumerated() {
                let portPath = "\(subsetPath).ports[\(index)]"
                let number = port["port"]?.intValue ?? 0
                for message in NameValidation.portNumber(number) {
                    errors.append(FieldError(field: "\(portPath).port", type: .invalid(.int(number)), detail: message))
                }
                errors += validateEnum(port["protocol"], path: "\(portPath).protocol", allowed: ["SCTP", "TCP", "UDP"])
            }
        }
        return errors
    }

    static func validateEvent(_ object: JSONValue) -> [FieldError] {
        guard let eventNamespace = object.namespace, !eventNamespace.isEmpty,
            let involved = object[path: ["involvedObject", "namespace"]]?.stringValue, !involved.isEmpty,
            involved != eventNamespace
        else { return [] }
        return [
            FieldError(
                field: "involvedObject.namespace", type: .invalid(.string(involved)),
                detail: "does not match event.namespace")
        ]
    }
}
