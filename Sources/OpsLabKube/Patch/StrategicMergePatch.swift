import OpsLabCore

/// Strategic merge patch, `application/strategic-merge-patch+json` (kubectl's default patch type).
///
/// Like a JSON merge patch, except that lists of objects with a known merge key (containers by `name`,
/// container ports by `containerPort`, Service ports by `port`, conditions by `type`, …) are merged element by
/// element, and `metadata.finalizers` is merged as a set. Supported directives: `$patch: replace|delete|merge`
/// in a map or list element, `$retainKeys`, `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is
/// accepted and ignored. Lists of scalars and lists without a merge key are replaced.
public enum StrategicMergePatch {
    /// Applies a strategic merge patch to a target object of the given kind (e.g. `Deployment`).
    public static func apply(_ patch: JSONValue, to target: JSONValue, kind: String) throws(PatchError) -> JSONValue {
        guard case .object = patch else {
            throw PatchError(
                .malformed, "invalid JSON document: a strategic merge patch must be an object, got \(patch.typeName)")
        }
        let merger = Merger(kind: kind)
        return try merger.mergeMap(patch, into: target.objectValue.map(JSONValue.object), path: []) ?? .emptyObject
    }

    /// How a list under a field merges: by a key of its object elements, or as a set of scalars.
    enum ListStrategy: Equatable {
        case mergeKey(String)
        case scalarSet
        case replace
    }

    /// The merge strategy of the list at `path` (object keys only) in an object of `kind`.
    static func strategy(kind: String, path: [String]) -> ListStrategy {
        guard let field = path.last else { return .replace }
        let parent = path.dropLast().last
        switch field {
        case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets",
            "resourceClaims", "schedulingGates":
            return .mergeKey("name")
        case "volumeMounts":
            return .mergeKey("mountPath")
        case "volumeDevices":
            return .mergeKey("devicePath")
        case "conditions", "addresses":
            return .mergeKey("type")
        case "hostAliases", "podIPs", "hostIPs":
            return .mergeKey("ip")
        case "ownerReferences":
            return .mergeKey("uid")
        case "topologySpreadConstraints":
            return .mergeKey("topologyKey")
        case "finalizers":
            return parent == "metadata" ? .scalarSet : .replace
        case "ports":
            if ["containers", "initContainers", "ephemeralContainers"].contains(where: path.contains) {
                return .mergeKey("containerPort")
            }
            if kind == "Service" && path == ["spec", "ports"] { return .mergeKey("port") }
            return .replace
        default:
            return .replace
        }
    }

    struct Merger {
        var kind: String

        /// Merges a patch map into an optional target map; `nil` means "delete this map".
        func mergeMap(_ patch: JSONValue, into target: JSONValue?, path: [String]) throws(PatchError) -> JSONValue? {
            guard var patchMembers = patch.objectValue else { return patch }
            var members = target?.objectValue ?? [:]
            if let directive = patchMembers.removeValue(forKey: "$patch") {
                switch directive.stringValue {
                case "replace":
                    return try mergeMap(.object(patchMembers), into: nil, path: path)
                case "delete":
                    return nil
                case "merge":
                    break
                default:
                    throw PatchError(
                        .malformed, "Unknown patch type: \(directive.jsonString()) in map: \(patch.jsonString())")
                }
            }
            let retainKeys = patchMembers.removeValue(forKey: "$retainKeys")
            for key in patchMembers.keys where key.hasPrefix("$setElementOrder/") {
                patchMembers[key] = nil
            }
            for key in patchMembers.keys.sorted() where key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let doomed = patchMembers.removeValue(forKey: key)?.arrayValue ?? []
                if let current = members[field]?.arrayValue {
                    members[field] = .array(current.filter { !doomed.contains($0) })
                }
            }
            for (key, value) in patchMembers {
                let childPath = path + [key]
                switch value {
                case .null:
                    members[key] = nil
                case .object:
                    members[key] = try mergeMap(value, into: members[key], path: childPath)
                case .array(let items):
                    members[key] = try mergeList(items, into: members[key]?.arrayValue, path: childPath)
                default:
                    members[key] = value
                }
            }
            if let retained = retainKeys?.arrayValue {
                let keep = Set(retained.compactMap(\.stringValue))
                members = members.filter { keep.contains($0.key) }
            }
            return .object(members)
        }

        /// Merges a patch list into an optional target list; `nil` removes the field.
        func mergeList(_ patch: [JSONValue], into target: [JSONValue]?, path: [String]) throws(PatchError) -> JSONValue?
        {
            var elements = patch
            // A `{"$patch": "replace"}` element replaces the whole list with the other elements.
            if let marker = elements.firstIndex(where: { $0["$patch"]?.stringValue == "replace" }),
                elements[marker].objectValue?.count == 1
            {
                elements.remove(at: marker)
                return .array(try elements.map { element throws(PatchError) in try clean(element, path: path) })
            }
            switch StrategicMergePatch.strategy(kind: kind, path: path) {
            case .replace:
                return .array(try elements.map { element throws(PatchError) in try clean(element, path: path) })
            case .scalarSet:
                var result = target ?? []
                for element in elements where !result.contains(element) { result.append(element) }
                return .array(result)
            case .mergeKey(let mergeKey):
                let targetIsObjects = (target ?? []).allSatisfy { $0.objectValue != nil }
                let patchIsObjects = elements.allSatisfy { $0.objectValue != nil }
                guard targetIsObjects, patchIsObjects else {
                    return .array(try elements.map { element throws(PatchError) in try clean(element, path: path) })
                }
                var result = target ?? []
                for element in elements {
                    guard let keyValue = element[mergeKey] else {
                        if element["$patch"]?.stringValue == "delete" { continue }
                        throw PatchError(
                            .unprocessable,
                            "map: \(element.jsonString()) does not contain declared merge key: \(mergeKey)")
                    }
                    let existing = result.firstIndex { $0[mergeKey].map { JSONPatch.equal($0, keyValue) } ?? false }
                    if element["$patch"]?.stringValue == "delete" {
                        result.removeAll { $0[mergeKey].map { JSONPatch.equal($0, keyValue) } ?? false }
                        continue
                    }
                    if let existing {
                        if let merged = try mergeMap(element, into: result[existing], path: path) {
                            result[existing] = merged
                        } else {
                            result.remove(at: existing)
                        }
                    } else if let added = try mergeMap(element, into: nil, path: path) {
                        result.append(added)
                    }
                }
                return .array(result)
            }
        }

        /// A patch value as it ends up in the result when there is nothing to merge into.
        func clean(_ value: JSONValue, path: [String]) throws(PatchError) -> JSONValue {
            guard case .object = value else { return value }
            return try mergeMap(value, into: nil, path: path) ?? .emptyObject
        }
    }
}
