/// Looks up resource types by the names users and URLs use for them.
public struct ResourceRegistry: Sendable {
    /// The known types.
    public var types: [ResourceType]

    /// Creates a registry of the given types (the built-in ones by default).
    public init(types: [ResourceType] = ResourceType.builtIn) {
        self.types = types
    }

    /// Resolves a name as kubectl accepts it: plural, singular, short name, kind, or `plural.group`.
    public func resolve(_ name: String) -> ResourceType? {
        let lowered = name.lowercased()
        var base = lowered
        var group: String?
        if let dot = lowered.firstIndex(of: ".") {
            base = String(lowered[..<dot])
            let rest = String(lowered[lowered.index(after: dot)...])
            // `deployments.apps` or `deployments.v1.apps`
            group = rest.split(separator: ".").last.map(String.init)
        }
        return types.first { type in
            if let group, type.group != group { return false }
            return type.plural == base || type.singular == base || type.shortNames.contains(base)
                || type.kind.lowercased() == base
        }
    }

    /// The type served at a group, version and plural, as in a URL.
    public func type(group: String, version: String, plural: String) -> ResourceType? {
        types.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The type of an `apiVersion` and `kind` pair, as in a manifest.
    public func type(apiVersion: String, kind: String) -> ResourceType? {
        types.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// The types in a category such as `all`.
    public func category(_ name: String) -> [ResourceType] {
        types.filter { $0.categories.contains(name) }
    }
}
