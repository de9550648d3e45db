import OpsLabCore

/// Convenience accessors for a JSON value that holds a Kubernetes object.
extension JSONValue {
    /// `metadata.name`, or `""`.
    public var name: String {
        get { self[path: ["metadata", "name"]]?.stringValue ?? "" }
        set { self[path: ["metadata", "name"]] = .string(newValue) }
    }

    /// `metadata.namespace`, or `nil` for cluster-scoped objects.
    public var namespace: String? {
        get { self[path: ["metadata", "namespace"]]?.stringValue }
        set { self[path: ["metadata", "namespace"]] = newValue.map(JSONValue.string) }
    }

    /// `metadata.uid`, or `""`.
    public var uid: String { self[path: ["metadata", "uid"]]?.stringValue ?? "" }

    /// `metadata.resourceVersion`, or `nil`.
    public var resourceVersion: String? {
        get { self[path: ["metadata", "resourceVersion"]]?.stringValue }
        set { self[path: ["metadata", "resourceVersion"]] = newValue.map(JSONValue.string) }
    }

    /// `kind`, or `""`.
    public var kind: String { self["kind"]?.stringValue ?? "" }

    /// `apiVersion`, or `""`.
    public var apiVersion: String { self["apiVersion"]?.stringValue ?? "" }

    /// `metadata.labels` as a dictionary of strings.
    public var labels: [String: String] {
        get { Self.stringMap(self[path: ["metadata", "labels"]]) }
        set {
            self[path: ["metadata", "labels"]] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string))
        }
    }

    /// `metadata.annotations` as a dictionary of strings.
    public var annotations: [String: String] {
        get { Self.stringMap(self[path: ["metadata", "annotations"]]) }
        set {
            self[path: ["metadata", "annotations"]] =
                newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string))
        }
    }

    /// `metadata` decoded, or empty metadata.
    public var metadata: ObjectMeta {
        (try? self["metadata"]?.decode(ObjectMeta.self)) ?? ObjectMeta()
    }

    /// Whether `metadata.deletionTimestamp` is set.
    public var isTerminating: Bool { self[path: ["metadata", "deletionTimestamp"]] != nil }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let members = value?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in members {
            switch value {
            case .string(let text): result[key] = text
            case .null: continue
            default: result[key] = value.jsonString()
            }
        }
        return result
    }
}
