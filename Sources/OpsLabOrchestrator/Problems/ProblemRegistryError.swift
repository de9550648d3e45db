import Foundation

/// A problem id that the registry does not know, with the closest known ids as suggestions.
public struct ProblemRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The id that was asked for.
    public var id: String
    /// Known ids close to it, closest first (at most a handful).
    public var suggestions: [String]

    /// Creates an error.
    public init(id: String, suggestions: [String]) {
        self.id = id
        self.suggestions = suggestions
    }

    /// The message, listing close matches or pointing at `opslab problems`.
    public var description: String {
        var text = "unknown problem id \"\(id)\""
        if suggestions.isEmpty {
            text += "; run `opslab problems` to list the known ids"
        } else {
            text += "; did you mean: " + suggestions.joined(separator: ", ")
        }
        return text
    }
}
