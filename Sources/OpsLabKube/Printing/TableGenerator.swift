import Foundation
import OpsLabCore

/// Server-side printing: builds the `meta.k8s.io/v1` Table an API server returns for
/// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, with Kubernetes' columns and cell rules.
///
/// Cells always include the wide (priority 1) columns, as a real server sends them; kubectl hides those unless
/// `-o wide`. Kinds without a dedicated printer get `Name` and `Age`.
public enum TableGenerator {
    /// Builds a Table of `objects` (all of kind `type`) as seen at `now`.
    ///
    /// - Parameters:
    ///   - includeObject: what each row carries in `object` (metadata by default, as the server does).
    ///   - resourceVersion: copied into the Table's `metadata.resourceVersion` when given.
    ///   - continueToken: copied into `metadata.continue` when given.
    public static func table(
        for type: ResourceType, objects: [JSONValue], now: Date, includeObject: IncludeObjectPolicy = .metadata,
        resourceVersion: String? = nil, continueToken: String? = nil
    ) -> JSONValue {
        let rows: [JSONValue] = objects.map { object in
            var row: [String: JSONValue] = ["cells": .array(cells(for: type, object: object, now: now))]
            if let conditions = rowConditions(for: type, object: object) { row["conditions"] = conditions }
            switch includeObject {
            case .none: break
            case .metadata: row["object"] = partialObjectMetadata(object)
            case .object: row["object"] = object
            }
            return .object(row)
        }
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        if let continueToken, !continueToken.isEmpty { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columns(for: type).map(\.json)), "rows": .array(rows),
        ]
    }

    /// The column definitions Kubernetes uses for a kind (`Name`, `Age` for kinds without a printer).
    public static func columns(for type: ResourceType) -> [TableColumn] {
        switch Printer(type) {
        case .pods: return podColumns
        case .deployments: return deploymentColumns
        case .replicaSets: return replicaSetColumns
        case .services: return serviceColumns
        case .endpoints: return endpointsColumns
        case .nodes: return nodeColumns
        case .events: return eventColumns
        case .configMaps: return configMapColumns
        case .secrets: return secretColumns
        case .namespaces: return namespaceColumns
        case .networkChaos: return networkChaosColumns
        case .generic: return [.name, TableColumn("Age", type: "date", TableColumn.creationDescription)]
        }
    }

    /// The cells of one object's row, one per column definition (wide columns included).
    public static func cells(for type: ResourceType, object: JSONValue, now: Date) -> [JSONValue] {
        switch Printer(type) {
        case .pods: return podCells(object, now: now)
        case .deployments: return deploymentCells(object, now: now)
        case .replicaSets: return replicaSetCells(object, now: now)
        case .services: return serviceCells(object, now: now)
        case .endpoints: return endpointsCells(object, now: now)
        case .nodes: return nodeCells(object, now: now)
        case .events: return eventCells(object, now: now)
        case .configMaps: return configMapCells(object, now: now)
        case .secrets: return secretCells(object, now: now)
        case .namespaces: return namespaceCells(object, now: now)
        case .networkChaos: return networkChaosCells(object)
        case .generic: return [.string(object.name), .string(age(object, now: now))]
        }
    }

    /// A row's `conditions`: `Completed` for pods in phase Succeeded or Failed, otherwise `nil`.
    public static func rowConditions(for type: ResourceType, object: JSONValue) -> JSONValue? {
        guard Printer(type) == .pods else { return nil }
        switch object[path: ["status", "phase"]]?.stringValue {
        case "Succeeded":
            return [
                [
                    "type": "Completed", "status": "True", "reason": "Succeeded",
                    "message": "The pod has completed successfully.",
                ]
            ]
        case "Failed":
            return [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]]
        default:
            return nil
        }
    }

    /// The `PartialObjectMetadata` a row carries by default: the object's metadata without managedFields.
    public static func partialObjectMetadata(_ object: JSONValue) -> JSONValue {
        var metadata = object["metadata"] ?? .emptyObject
        metadata["managedFields"] = nil
        return ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]
    }

    /// Which printer handles a resource type.
    enum Printer {
        case pods, deployments, replicaSets, services, endpoints, nodes, events, configMaps, secrets, namespaces
        case networkChaos
        case generic

        init(_ type: ResourceType) {
            switch (type.group, type.plural) {
            case ("", "pods"): self = .pods
            case ("apps", "deployments"): self = .deployments
            case ("apps", "replicasets"): self = .replicaSets
            case ("", "services"): self = .services
            case ("", "endpoints"): self = .endpoints
            case ("", "nodes"): self = .nodes
            case ("", "events"): self = .events
            case ("", "configmaps"): self = .configMaps
            case ("", "secrets"): self = .secrets
            case ("", "namespaces"): self = .namespaces
            case ("chaos-mesh.org", "networkchaos"): self = .networkChaos
            default: self = .generic
            }
        }
    }
}

extension TableGenerator {
    /// AGE of an object: the age of `metadata.creationTimestamp`, `<unknown>` without one.
    static func age(_ object: JSONValue, now: Date) -> String {
        HumanDuration.since(timestamp: object[path: ["metadata", "creationTimestamp"]]?.stringValue, now: now)
    }

    /// `labels.FormatLabels`: `k=v` pairs sorted by key, comma-joined, or `<none>`.
    static func formatLabels(_ labels: [String: String]) -> String {
        labels.isEmpty ? "<none>" : labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: ",")
    }

    /// A string at a path, or `""`.
    static func text(_ object: JSONValue, _ path: String...) -> String {
        object[path: path]?.stringValue ?? ""
    }

    /// An integer at a path, or `fallback`.
    static func integer(_ object: JSONValue, _ path: String..., default fallback: Int64 = 0) -> Int64 {
        object[path: path]?.intValue ?? fallback
    }

    /// The elements of an array at a path, or `[]`.
    static func list(_ object: JSONValue?, _ path: String...) -> [JSONValue] {
        object?[path: path]?.arrayValue ?? []
    }
}
