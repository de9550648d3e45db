/// An Event (core/v1).
public struct Event: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    public var source: Source?
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var count: Int?
    public var type: String?
    public var reportingComponent: String?
    public var reportingInstance: String?

    /// The component that reported an event.
    public struct Source: Codable, Sendable, Hashable {
        public var component: String?
        public var host: String?

        public init(component: String?, host: String?) {
            self.component = component
            self.host = host
        }
    }

    public init(metadata: ObjectMeta, involvedObject: ObjectReference) {
        self.apiVersion = "v1"
        self.kind = "Event"
        self.metadata = metadata
        self.involvedObject = involvedObject
    }
}
