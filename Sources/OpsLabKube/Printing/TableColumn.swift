import OpsLabCore

/// One `columnDefinitions` entry of a `meta.k8s.io/v1` Table.
public struct TableColumn: Sendable, Hashable {
    /// The column name as the server sends it (`Up-to-date`); kubectl upper-cases it for the header.
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    /// `name` for the object-name column, otherwise empty.
    public var format: String
    /// A human-readable description (Kubernetes uses the field's API documentation).
    public var description: String
    /// 0 for always-visible columns; 1 and above only with `-o wide`.
    public var priority: Int

    /// Creates a column.
    public init(
        _ name: String, type: String = "string", format: String = "", priority: Int = 0, _ description: String
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The JSON form with every field present, as the API server writes it.
    public var json: JSONValue {
        [
            "name": .string(name), "type": .string(type), "format": .string(format),
            "description": .string(description), "priority": .int(Int64(priority)),
        ]
    }
}

extension TableColumn {
    static let nameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may "
        + "allow a client to request the generation of an appropriate name automatically. Name is primarily intended "
        + "for creation idempotence and configuration definition. Cannot be updated. More info: "
        + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
    static let creationDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
        + "guaranteed to be set in happens-before order across separate operations. Clients may not set this value. "
        + "It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. "
        + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    /// The `Name` column every printer starts with.
    static let name = TableColumn("Name", format: "name", nameDescription)
    /// The `Age` column.
    static let age = TableColumn("Age", creationDescription)
    /// The `Containers` wide column of workloads.
    static let containers = TableColumn("Containers", priority: 1, "Names of each container in the template.")
    /// The `Images` wide column of workloads.
    static let images = TableColumn("Images", priority: 1, "Images referenced by each container in the template.")
    /// The `Selector` wide column of workloads.
    static let workloadSelector = TableColumn(
        "Selector", priority: 1,
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected "
            + "by this deployment. It must match the pod template's labels.")
}
