import Foundation
import OpsLabCore

/// What the heuristic agent reads from its first prompt: the task kind and the namespace, nothing else.
public struct HeuristicAgentTask: Sendable, Hashable {
    /// The task kind the prompt asks for.
    public var kind: TaskKind
    /// The namespace named in the prompt's service details.
    public var namespace: String

    /// Creates a task.
    public init(kind: TaskKind, namespace: String) {
        self.kind = kind
        self.namespace = namespace
    }

    /// Parses the prompt text: the role sentence ("assigned to detect anomalies" …) and the `Namespace:` line.
    /// Returns `nil` when either is missing.
    public init?(prompt: String) {
        let lower = prompt.lowercased()
        guard let kind = TaskKind.allCases.first(where: { lower.contains("assigned to \($0.rolePhrase)") })
        else { return nil }
        var namespace: String?
        for line in prompt.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("namespace:") {
                let value = trimmed.dropFirst("namespace:".count).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { namespace = value }
                break
            }
        }
        guard let namespace else { return nil }
        self.init(kind: kind, namespace: namespace)
    }
}
