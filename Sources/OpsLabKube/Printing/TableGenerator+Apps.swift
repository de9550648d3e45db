import Foundation
import OpsLabCore

extension TableGenerator {
    static let deploymentColumns: [TableColumn] = [
        .name,
        TableColumn("Ready", "Number of the pod with ready state"),
        TableColumn(
            "Up-to-date",
            "Total number of non-terminated pods targeted by this deployment that have the "
                + "desired template spec."),
        TableColumn(
            "Available",
            "Total number of available pods (ready for at least minReadySeconds) targeted by "
                + "this deployment."),
        .age, .containers, .images, .workloadSelector,
    ]

    private static let rcDocs =
        "https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/"
        + "#what-is-a-replicationcontroller"

    static let replicaSetColumns: [TableColumn] = [
        .name,
        TableColumn(
            "Desired", type: "integer",
            "Replicas is the number of desired replicas. This is a pointer to "
                + "distinguish between explicit zero and unspecified. Defaults to 1. More info: "
                + rcDocs),
        TableColumn(
            "Current", type: "integer",
            "Replicas is the most recently observed number of replicas. More "
                + "info: " + rcDocs),
        TableColumn("Ready", type: "integer", "The number of ready replicas for this replica set."),
        .age, .containers, .images,
        TableColumn(
            "Selector", priority: 1,
            "Selector is a label query over pods that should match the replica "
                + "count. Label keys and values that must match in order to be controlled by this replica set. It must "
                + "match the pod template's labels. More info: "
                + "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    ]

    /// NAME, READY (`ready/desired`), UP-TO-DATE, AVAILABLE (integers), AGE, CONTAINERS, IMAGES, SELECTOR.
    static func deploymentCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        let desired = integer(object, "spec", "replicas", default: 1)
        let ready = integer(object, "status", "readyReplicas")
        let (containers, images) = containerCells(object)
        return [
            .string(object.name), .string("\(ready)/\(desired)"), .int(integer(object, "status", "updatedReplicas")),
            .int(integer(object, "status", "availableReplicas")), .string(age(object, now: now)),
            .string(containers), .string(images), .string(selectorString(object[path: ["spec", "selector"]])),
        ]
    }

    /// NAME, DESIRED, CURRENT, READY (integers), AGE, CONTAINERS, IMAGES, SELECTOR.
    static func replicaSetCells(_ object: JSONValue, now: Date) -> [JSONValue] {
        let (containers, images) = containerCells(object)
        return [
            .string(object.name), .int(integer(object, "spec", "replicas", default: 1)),
            .int(integer(object, "status", "replicas")), .int(integer(object, "status", "readyReplicas")),
            .string(age(object, now: now)), .string(containers), .string(images),
            .string(selectorString(object[path: ["spec", "selector"]])),
        ]
    }

    /// Container names and images of a workload's pod template, each comma-joined.
    static func containerCells(_ object: JSONValue) -> (names: String, images: String) {
        let containers = list(object, "spec", "template", "spec", "containers")
        return (
            containers.map { $0["name"]?.stringValue ?? "" }.joined(separator: ","),
            containers.map { $0["image"]?.stringValue ?? "" }.joined(separator: ",")
        )
    }

    /// A `metav1.LabelSelector` printed like `labels.Selector.String()`: requirements sorted by key,
    /// `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; `""` for an empty or missing selector.
    static func selectorString(_ selector: JSONValue?) -> String {
        guard let selector else { return "" }
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] {
            requirements.append((key, "\(key)=\(value.stringValue ?? "")"))
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression["operator"]?.stringValue ?? "" {
            case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!\(key)"))
            default: return "<invalid>"
            }
        }
        return requirements.enumerated()
            .sorted { $0.element.key == $1.element.key ? $0.offset < $1.offset : $0.element.key < $1.element.key }
            .map(\.element.text).joined(separator: ",")
    }
}
