import OpsLabCore

/// One change to a stored object, as a watch delivers it.
public struct WatchEvent: Sendable {
    /// `ADDED`, `MODIFIED` or `DELETED` (Kubernetes' watch event types).
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    /// What happened.
    public var kind: Kind
    /// The object after the change (for DELETED, the last state, with the deletion's resourceVersion).
    public var object: JSONValue
    /// The object before the change, for MODIFIED and DELETED.
    public var previous: JSONValue?
    /// The store revision of the change.
    public var revision: UInt64

    /// Creates an event.
    public init(kind: Kind, object: JSONValue, previous: JSONValue?, revision: UInt64) {
        self.kind = kind
        self.object = object
        self.previous = previous
        self.revision = revision
    }
}
