import Foundation
import OpsLabCore
import OpsLabKube

/// A container's configuration could not be built (`CreateContainerConfigError`), e.g. a missing ConfigMap.
struct ContainerConfigError: Error, Sendable, Equatable {
    /// The message Kubernetes shows, e.g. `configmap "x" not found`.
    var message: String
}

/// Builds a container's environment the way the kubelet does: service links, then the container's `env`
/// (literals, ConfigMap/Secret keys, downward-API fields, `$(VAR)` references), then OpsLab's own variables.
struct ContainerEnvironment: Sendable {
    /// The pod's JSON.
    var pod: JSONValue
    /// The pod's IP.
    var podIP: String
    /// The node's IP.
    var hostIP: String
    /// `services.json`.
    var servicesFilePath: String

    /// Resolves the environment of `container`, reading ConfigMaps, Secrets and Services from the store.
    func resolve(_ container: Container, store: ObjectStore) async throws(ContainerConfigError) -> [String: String] {
        let namespace = pod.namespace ?? "default"
        var environment: [String: String] = [:]
        let services = await store.list(.services, namespace: namespace).items
        for service in services {
            for (key, value) in Self.serviceVariables(service) { environment[key] = value }
        }
        for variable in container.env ?? [] {
            if let value = variable.value {
                environment[variable.name] = Self.expand(value, with: environment)
                continue
            }
            guard let source = variable.valueFrom else {
                environment[variable.name] = ""
                continue
            }
            if let value = try await value(of: source, namespace: namespace, store: store) {
                environment[variable.name] = value
            }
        }
        environment["POD_NAME"] = pod.name
        environment["POD_NAMESPACE"] = namespace
        environment["POD_IP"] = podIP
        environment["HOSTNAME"] = pod.name
        environment["OPSLAB_SERVICES_FILE"] = servicesFilePath
        return environment
    }

    private func value(
        of source: EnvVarSource, namespace: String, store: ObjectStore
    ) async throws(ContainerConfigError) -> String? {
        if let reference = source.configMapKeyRef {
            let name = reference.name ?? ""
            guard let map = await store.find(.configMaps, namespace: namespace, name: name) else {
                if reference.optional == true { return nil }
                throw ContainerConfigError(message: "configmap \"\(name)\" not found")
            }
            if let value = map[path: ["data", reference.key]]?.stringValue { return value }
            if reference.optional == true { return nil }
            throw ContainerConfigError(message: "couldn't find key \(reference.key) in ConfigMap \(namespace)/\(name)")
        }
        if let reference = source.secretKeyRef {
            let name = reference.name ?? ""
            guard let secret = await store.find(.secrets, namespace: namespace, name: name) else {
                if reference.optional == true { return nil }
                throw ContainerConfigError(message: "secret \"\(name)\" not found")
            }
            if let encoded = secret[path: ["data", reference.key]]?.stringValue,
                let data = Data(base64Encoded: encoded)
            {
                return String(decoding: data, as: UTF8.self)
            }
            if let plain = secret[path: ["stringData", reference.key]]?.stringValue { return plain }
            if reference.optional == true { return nil }
            throw ContainerConfigError(message: "couldn't find key \(reference.key) in Secret \(namespace)/\(name)")
        }
        if let field = source.fieldRef {
            return fieldValue(field.fieldPath)
        }
        return nil
    }

    /// The downward-API value of a pod field.
    func fieldValue(_ path: String) -> String? {
        switch path {
        case "metadata.name": return pod.name
        case "metadata.namespace": return pod.namespace ?? "default"
        case "metadata.uid": return pod.uid
        case "status.podIP": return podIP
        case "status.hostIP": return hostIP
        case "spec.nodeName": return pod[path: ["spec", "nodeName"]]?.stringValue
        case "spec.serviceAccountName": return pod[path: ["spec", "serviceAccountName"]]?.stringValue ?? "default"
        default:
            for (prefix, map) in [("metadata.labels['", pod.labels), ("metadata.annotations['", pod.annotations)]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                let key = String(path.dropFirst(prefix.count).dropLast(2))
                return map[key] ?? ""
            }
            return nil
        }
    }

    /// Kubernetes' service-link variables for one Service (`GEO_SERVICE_HOST`, `GEO_SERVICE_PORT`, `GEO_PORT`, …).
    static func serviceVariables(_ service: JSONValue) -> [String: String] {
        guard let ip = service[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None" else { return [:] }
        let prefix = service.name.uppercased().replacingOccurrences(of: "-", with: "_")
        let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
        var result = ["\(prefix)_SERVICE_HOST": ip]
        for (index, port) in ports.enumerated() {
            guard let number = port["port"]?.intValue else { continue }
            let proto = port["protocol"]?.stringValue ?? "TCP"
            if index == 0 {
                result["\(prefix)_SERVICE_PORT"] = String(number)
                result["\(prefix)_PORT"] = "\(proto.lowercased())://\(ip):\(number)"
            }
            if let name = port["name"]?.stringValue, !name.isEmpty {
                let portName = name.uppercased().replacingOccurrences(of: "-", with: "_")
                result["\(prefix)_SERVICE_PORT_\(portName)"] = String(number)
            }
            let link = "\(prefix)_PORT_\(number)_\(proto.uppercased())"
            result[link] = "\(proto.lowercased())://\(ip):\(number)"
            result[link + "_PROTO"] = proto.lowercased()
            result[link + "_PORT"] = String(number)
            result[link + "_ADDR"] = ip
        }
        return result
    }

    /// Expands `$(NAME)` references to already defined variables; `$$(NAME)` escapes to `$(NAME)`.
    static func expand(_ text: String, with environment: [String: String]) -> String {
        guard text.contains("$(") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("$$(") {
                result += "$("
                index = text.index(index, offsetBy: 3)
            } else if rest.hasPrefix("$("), let close = rest.firstIndex(of: ")") {
                let name = String(rest[rest.index(index, offsetBy: 2)..<close])
                result += environment[name] ?? "$(\(name))"
                index = text.index(after: close)
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }
}
