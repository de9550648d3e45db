import OpsLabCore

/// Removes a field named the way ``UnknownFieldChecker`` reports it (`spec.template.spec.containers[0].imagee`)
/// from an object, so that what Kubernetes would drop while decoding is not stored.
enum UnknownFieldPruner {
    /// `object` without the field at `path`; unchanged when the path does not lead anywhere.
    ///
    /// Keys may themselves contain dots: at each level the longest key of the object that the path starts with wins.
    static func removing(_ path: String, from object: JSONValue) -> JSONValue {
        remove(Substring(path), from: object) ?? object
    }

    /// The value with the path removed, or `nil` when the path does not match.
    private static func remove(_ path: Substring, from value: JSONValue) -> JSONValue? {
        if path.first == "[" {
            guard case .array(var items) = value, let close = path.firstIndex(of: "]"),
                let index = Int(path[path.index(after: path.startIndex)..<close]), items.indices.contains(index)
            else { return nil }
            var rest = path[path.index(after: close)...]
            if rest.first == "." { rest = rest.dropFirst() }
            guard !rest.isEmpty, let child = remove(rest, from: items[index]) else { return nil }
            items[index] = child
            return .array(items)
        }
        guard case .object(var members) = value else { return nil }
        let candidates = members.keys.filter { key in
            guard path.hasPrefix(key) else { return false }
            let after = path.dropFirst(key.count)
            return after.isEmpty || after.first == "." || after.first == "["
        }
        guard let key = candidates.max(by: { $0.count < $1.count }), let child = members[key] else { return nil }
        var rest = path.dropFirst(key.count)
        if rest.isEmpty {
            members[key] = nil
            return .object(members)
        }
        if rest.first == "." { rest = rest.dropFirst() }
        guard let updated = remove(rest, from: child) else { return nil }
        members[key] = updated
        return .object(members)
    }
}
