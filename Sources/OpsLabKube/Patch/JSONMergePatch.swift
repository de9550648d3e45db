import OpsLabCore

/// JSON Merge Patch (RFC 7386), `application/merge-patch+json`.
///
/// Objects merge recursively, `null` deletes a member, and anything else (arrays included) replaces.
public enum JSONMergePatch {
    /// Applies a merge patch to a target document.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                members[key] = nil
            } else {
                members[key] = apply(value, to: members[key] ?? .null)
            }
        }
        return .object(members)
    }

    /// Computes a merge patch that turns `original` into `modified` (objects diffed recursively).
    public static func diff(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let old) = original, case .object(let new) = modified else { return modified }
        var patch: [String: JSONValue] = [:]
        for (key, value) in new {
            if let previous = old[key] {
                if previous != value {
                    let isObjectPair = previous.objectValue != nil && value.objectValue != nil
                    patch[key] = isObjectPair ? diff(from: previous, to: value) : value
                }
            } else {
                patch[key] = value
            }
        }
        for key in old.keys where new[key] == nil { patch[key] = .null }
        return .object(patch)
    }
}
