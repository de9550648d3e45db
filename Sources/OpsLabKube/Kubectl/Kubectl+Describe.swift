import Foundation
import OpsLabCore

extension Kubectl {
    func runDescribe(_ context: CommandContext) async throws {
        let args = context.args
        let output = context.output
        let allNamespaces = args.flag("all-namespaces")
        let namespace: String? = allNamespaces ? nil : self.namespace(args)
        var objects: [(ResourceType, JSONValue)] = []
        switch try await resolveTargets(args.positionals, verb: "describe") {
        case .collections(let types):
            for type in types {
                let list = try await listAll(
                    type, namespace: namespace, labelSelector: args.value("selector"),
                    fieldSelector: args.value("field-selector"))
                objects += Self.items(of: list, type: type).map { (type, $0) }
            }
            if objects.isEmpty {
                noResources(namespace: namespace, types: types, output: output)
                return
            }
        case .named(let items):
            for item in items {
                let objectNamespace = scope(item.type, namespace ?? defaultNamespace)
                do {
                    objects.append(
                        (
                            item.type,
                            try await client.get(
                                item.type, namespace: objectNamespace,
                                name: item.name)
                        ))
                } catch let status as APIStatus where status.code == 404 {
                    // kubectl describe falls back to every object whose name starts with the given one.
                    let list = try? await listAll(item.type, namespace: objectNamespace)
                    let matches = Self.items(of: list ?? .emptyObject, type: item.type)
                        .filter { $0.name.hasPrefix(item.name) }
                    if matches.isEmpty { output.fail(status) }
                    objects += matches.map { (item.type, $0) }
                } catch {
                    output.fail(error)
                }
            }
        }
        let showEvents = args.bools["show-events"] ?? true
        var first = true
        for (type, object) in objects {
            let text = try await describe(object, type: type, showEvents: showEvents)
            output.write(first ? text : "\n\n" + text)
            first = false
        }
    }

    /// One object's describe text.
    func describe(_ object: JSONValue, type: ResourceType, showEvents: Bool) async throws -> String {
        let events = showEvents ? try? await eventsFor(object, kind: type.kind) : nil
        let writer = DescribeWriter(now: environment.now())
        switch type.kind {
        case "Pod": describePod(object, events: events, writer)
        case "Deployment": await describeDeployment(object, events: events, writer)
        case "ReplicaSet": await describeReplicaSet(object, events: events, writer)
        case "Service": await describeService(object, events: events, writer)
        case "Endpoints": describeEndpoints(object, events: events, writer)
        case "Namespace": describeNamespace(object, writer)
        case "Node": await describeNode(object, events: events, writer)
        case "ConfigMap": describeConfigMap(object, events: events, writer)
        default: describeGeneric(object, events: events, writer)
        }
        return writer.text
    }

    /// The events about an object, fetched with the field selector kubectl uses.
    func eventsFor(_ object: JSONValue, kind: String) async throws -> [JSONValue] {
        var selector = ["involvedObject.name=\(object.name)"]
        if let namespace = object.namespace { selector.append("involvedObject.namespace=\(namespace)") }
        selector.append("involvedObject.kind=\(kind)")
        if !object.uid.isEmpty { selector.append("involvedObject.uid=\(object.uid)") }
        let list = try await listAll(
            .events, namespace: object.namespace, fieldSelector: selector.joined(separator: ","))
        return list["items"]?.arrayValue ?? []
    }

    /// `ReplicaSet/geo-7d9f8c6b5d` from the controller owner reference, or `nil`.
    static func controller(_ object: JSONValue) -> String? {
        let owners = object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        guard let owner = owners.first(where: { $0["controller"]?.boolValue == true }) else { return nil }
        return "\(owner["kind"]?.stringValue ?? "")/\(owner["name"]?.stringValue ?? "")"
    }

    /// The generic describer: metadata plus the rest of the object as indented `Key: value` lines.
    func describeGeneric(_ object: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) {
        w.write(0, "Name:\t\(object.name)\n")
        if let namespace = object.namespace { w.write(0, "Namespace:\t\(namespace)\n") }
        w.labels("Labels", object.labels)
        w.annotations("Annotations", object.annotations)
        w.write(0, "API Version:\t\(object.apiVersion)\n")
        w.write(0, "Kind:\t\(object.kind)\n")
        for key in (object.objectValue ?? [:]).keys.sorted() where !["apiVersion", "kind", "metadata"].contains(key) {
            Self.genericField(key, object[key]!, level: 0, w)
        }
        w.events(events ?? [])
    }

    private static func genericField(_ key: String, _ value: JSONValue, level: Int, _ w: DescribeWriter) {
        let title = key.prefix(1).uppercased() + key.dropFirst()
        switch value {
        case .object(let members):
            w.write(level, "\(title):\n")
            for member in members.keys.sorted() { genericField(member, members[member]!, level: level + 1, w) }
        case .array(let items):
            w.write(level, "\(title):\n")
            for item in items {
                if let members = item.objectValue {
                    for member in members.keys.sorted() {
                        genericField(member, members[member]!, level: level + 1, w)
                    }
                } else {
                    w.write(level + 1, KubectlFormat.scalar(item) + "\n")
                }
            }
        default:
            w.write(level, "\(title):\t\(KubectlFormat.scalar(value))\n")
        }
    }

    private func describeConfigMap(_ object: JSONValue, events: [JSONValue]?, _ w: DescribeWriter) {
        w.write(0, "Name:\t\(object.name)\n")
        w.write(0, "Namespace:\t\(object.namespace ?? "")\n")
        w.labels("Labels", object.labels)
        w.annotations("Annotations", object.annotations)
        w.write(0, "\nData\n====\n")
        let data = object["data"]?.objectValue ?? [:]
        for key in data.keys.sorted() {
            w.write(0, "\(key):\n----\n\(KubectlFormat.scalar(data[key]))\n\n")
        }
        w.write(0, "\nBinaryData\n====\n")
        let binary = object["binaryData"]?.objectValue ?? [:]
        for key in binary.keys.sorted() {
            let size = Data(base64Encoded: binary[key]?.stringValue ?? "")?.count ?? 0
            w.write(0, "\(key): \(size) bytes\n")
        }
        w.write(0, "\n")
        w.events(events ?? [])
    }
}
