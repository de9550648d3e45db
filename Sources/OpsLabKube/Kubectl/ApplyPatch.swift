import OpsLabCore

/// The patch `kubectl apply` sends: what the new manifest changes in the live object, plus `null` for fields
/// the previous `last-applied-configuration` had and the new manifest dropped.
enum ApplyPatch {
    /// The patch from `current` (live) to `modified` (the new manifest), deleting fields gone since `original`.
    ///
    /// Returns an empty object when nothing would change (kubectl then prints `unchanged`).
    static func compute(original: JSONValue?, modified: JSONValue, current: JSONValue) -> JSONValue {
        var patch: [String: JSONValue] = [:]
        let modifiedMembers = modified.objectValue ?? [:]
        for (key, value) in modifiedMembers {
            let live = current[key]
            if let live, live.objectValue != nil, value.objectValue != nil {
                let child = compute(original: original?[key], modified: value, current: live)
                if child != .emptyObject { patch[key] = child }
            } else if let live, contains(live, value) {
                continue
            } else {
                patch[key] = value
            }
        }
        for (key, value) in original?.objectValue ?? [:] where modifiedMembers[key] == nil {
            if current[key] != nil, !value.isNull { patch[key] = .null }
        }
        return .object(patch)
    }

    /// Whether every field of `wanted` has the same value in `live` (extra live fields, e.g. defaults, are fine).
    static func contains(_ live: JSONValue, _ wanted: JSONValue) -> Bool {
        switch (live, wanted) {
        case (.object(let liveMembers), .object(let wantedMembers)):
            return wantedMembers.allSatisfy { key, value in
                if value.isNull { return liveMembers[key] == nil || liveMembers[key] == .null }
                guard let member = liveMembers[key] else { return false }
                return contains(member, value)
            }
        case (.array(let liveItems), .array(let wantedItems)):
            return liveItems.count == wantedItems.count && zip(liveItems, wantedItems).allSatisfy { contains($0, $1) }
        case (.int, .double), (.double, .int):
            return live.doubleValue == wanted.doubleValue
        default:
            return live == wanted
        }
    }
}
