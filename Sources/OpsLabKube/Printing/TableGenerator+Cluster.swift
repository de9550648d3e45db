import Foundation
import OpsLabCore

extension TableGenerator {
    static let nodeColumns: [TableColumn] = [
        .name,
        TableColumn("Status", "The status of the node"),
        TableColumn("Roles", "The roles of the node"),
        .age,
        TableColumn("Version", "Kubelet Version reported by the node."),
        TableColumn(
            "Internal-IP", priority: 1,
            "List of addresses reachable to the node. Queried from cloud "
                + "provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses"),
        TableColumn(
            "External-IP", priority: 1,
            "List of addresses reachable to the node. Queried from cloud "
                + "provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses"),
        TableColumn(
            "OS-Image", priority: 1,
            "OS Image reported by the node from /etc/os-release (e.g. Debian "
                + "GNU/Linux 7 (wheezy))."),
        TableColumn(
            "Kernel-Version", priority: 1,
            "Kernel Version reported by the node from 'uname -r' (e.g. "
                + "3.16.0-0.bpo.4-amd64)."),
        TableColumn(
            "Container-Runtime", priority: 1,
            "ContainerRuntime Version reported by the node through "
                + "runtime remote API (e.g. containerd://1.4.2)."),
    ]

    static let namespaceColumns: [TableColumn] = [.name, TableColumn("Status", "The status of the namespace"), .age]

    static let configMapColumns: [TableColumn] = [
        .name,
        TableColumn(
            "Data",
            "Data contains the configuration data. Each key must consist of alphanumeric characters, "
                + "'-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored "
                + "in Data must not overlap with the keys in the BinaryData field, this is enforced during validation "
                + "process."),
        .age,
    ]

    static let secretColumns: [TableColumn] = [
        .name,
        TableColumn(
            "Type",
            "Used to facilitate programmatic handling of secret data. More info: "
                + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
        TableColumn(
            "Data",
            "Data contains the secret data. Each key must consist of alphanumeric characters, '-', "
                + "'_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the "
                + "arbitrary (possibly non-string) data value here. Described in "
                + "https://tools.ietf.org/html/rfc4648#section-4"),
        .age,
    ]

    static let eventColumns: [TableColumn] = [
        TableColumn("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        TableColumn("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        TableColumn(
            "Reason",
            "This should be a short, machine understandable string that gives the reason for the "
                + "transition into the object's current status."),
        TableColumn("Object", "The object that this event is about."),
        TableColumn(
            "Subobject", priority: 1,
            "If referring to a piece of an object instead of an entire object, "
                + "this string should contain a valid JSON/Go field access statement, such as "
                + "desiredState.manifest.containers[2]."),
        TableColumn(
            "Source", priority: 1,
            "The component reporting this event. Should be a short machine "
                + "understandable string."),
        TableColumn("Message", "A human-readable description of the status of this operation."),
        TableColumn(
            "First Seen", priority: 1,
            "The time at which the event was first recorded. (Time of server "
                + "receipt is in TypeMeta.)"),
        TableColumn("Count", priority: 1, "The number of times this event has occurred."),
        TableColumn("Name", format: "name", priority: 1, TableColumn.nameDescription),
    ]

    /// NAME, STATUS (`Ready`/`NotReady`/`Unknown`[,SchedulingDisabled]), ROLES, AGE, VERSION and wide columns.
    static func nodeCells(_ node: JSONValue, now: Date) -> [JSONValue] {
        var status: [String] = []
        if let ready = list(node, "status", "conditions").last(where: { $0["type"]?.stringValue == "Ready" }) {
            status.append(ready["status"]?.stringValue == "True" ? "Ready" : "NotReady")
        }
        if status.isEmpty { status.append("Unknown") }
        if node[path: ["spec", "unschedulable"]]?.boolValue == true { status.append("SchedulingDisabled") }
        var roles = Set<String>()
        for (key, value) in node.labels {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        func address(_ type: String) -> String {
            list(node, "status", "addresses").first { $0["type"]?.stringValue == type }?["address"]?.stringValue
                ?? "<none>"
        }
        func info(_ field: String) -> String {
            let value = text(node, "status", "nodeInfo", field)
            return value.isEmpty ? "<unknown>" : value
        }
        return [
            .string(node.name), .string(status.joined(separator: ",")),
            .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")), .string(age(node, now: now)),
            .string(text(node, "status", "nodeInfo", "kubeletVersion")), .string(address("InternalIP")),
            .string(address("ExternalIP")), .string(info("osImage")), .string(info("kernelVersion")),
            .string(info("containerRuntimeVersion")),
        ]
    }

    /// NAME, STATUS (`status.phase`), AGE.
    static func namespaceCells(_ namespace: JSONValue, now: Date) -> [JSONValue] {
        var phase = text(namespace, "status", "phase")
        if phase.isEmpty { phase = namespace.isTerminating ? "Terminating" : "Active" }
        return [.string(namespace.name), .string(phase), .string(age(namespace, now: now))]
    }

    /// NAME, DATA (number of data and binaryData keys, an integer), AGE.
    static func configMapCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        let count = (object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)
        return [.string(object.name), .int(Int64(count)), .string(age(object, now: now))]
    }

    /// NAME, TYPE, DATA (an integer), AGE.
    static func secretCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        [
            .string(object.name), .string(text(object, "type")), .int(Int64(object["data"]?.objectValue?.count ?? 0)),
            .string(age(object, now: now)),
        ]
    }

    /// LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME.
    static func eventCells(_ event: JSONValue, now: Date) -> [JSONValue] {
        func since(_ field: String) -> String? {
            guard let value = event[field]?.stringValue, !value.isEmpty else { return nil }
            return HumanDuration.since(timestamp: value, now: now)
        }
        let firstSeen = since("firstTimestamp") ?? since("eventTime") ?? "<unknown>"
        var lastSeen = since("lastTimestamp") ?? firstSeen
        var count = event["count"]?.intValue ?? 0
        if let series = event["series"], series.objectValue != nil {
            lastSeen = HumanDuration.since(timestamp: series["lastObservedTime"]?.stringValue, now: now)
            count = series["count"]?.intValue ?? 0
        } else if count == 0 {
            count = 1
        }
        let kind = text(event, "involvedObject", "kind").lowercased()
        let name = text(event, "involvedObject", "name")
        let component = firstNonEmpty(
            text(event, "source", "component"), text(event, "reportingComponent"),
            text(event, "reportingController"))
        let instance = firstNonEmpty(text(event, "source", "host"), text(event, "reportingInstance"))
        let source = component.isEmpty ? "<unknown>" : (instance.isEmpty ? component : "\(component), \(instance)")
        return [
            .string(lastSeen), .string(text(event, "type")), .string(text(event, "reason")),
            .string(name.isEmpty ? kind : "\(kind)/\(name)"), .string(text(event, "involvedObject", "fieldPath")),
            .string(source), .string(text(event, "message").trimmingCharacters(in: .whitespacesAndNewlines)),
            .string(firstSeen), .int(count), .string(event.name),
        ]
    }

    private static func firstNonEmpty(_ values: String...) -> String {
        values.first { !$0.isEmpty } ?? ""
    }
}
