/// What each row of a server-side Table carries in `object` (the `includeObject` query parameter).
public enum IncludeObjectPolicy: String, Sendable, Hashable, CaseIterable {
    /// No object at all (`includeObject=None`).
    case none = "None"
    /// A `meta.k8s.io/v1` `PartialObjectMetadata` with the object's metadata (the default, `Metadata`).
    case metadata = "Metadata"
    /// The full object (`includeObject=Object`, which kubectl asks for with `--sort-by`).
    case object = "Object"

    /// The policy for a query value; a missing or unknown value means `.metadata`, as on a real server.
    public init(queryValue: String?) {
        self = queryValue.flatMap(IncludeObjectPolicy.init(rawValue:)) ?? .metadata
    }
}
