import Foundation

/// One deployable application: where its manifests live and how to describe it to an agent.
public struct AppDefinition: Sendable, Hashable {
    /// The name used on the command line and as the resource folder, e.g. `hotel-reservation`.
    public var name: String
    /// A human name, e.g. `Hotel Reservation`.
    public var displayName: String
    /// The namespace the manifests create and use.
    public var namespace: String
    /// A summary of the services, for task prompts.
    public var description: String
    /// What users of the app can do, for task prompts.
    public var operations: [String]
    /// The Service clients (and workloads) talk to.
    public var entryService: String
    /// Its port.
    public var entryPort: Int

    /// Creates a definition.
    public init(
        name: String, displayName: String, namespace: String, description: String, operations: [String],
        entryService: String, entryPort: Int
    ) {
        self.name = name
        self.displayName = displayName
        self.namespace = namespace
        self.description = description
        self.operations = operations
        self.entryService = entryService
        self.entryPort = entryPort
    }

    /// The "Service Details" block of a task prompt, shaped like AIOpsLab's.
    public var serviceDetails: String {
        var text = "Service Name: \(displayName)\nNamespace: \(namespace)\nDescription: \(description)\n"
        text += "Supported Operations:\n"
        text += operations.map { "  - \($0)" }.joined(separator: "\n")
        return text
    }
}
