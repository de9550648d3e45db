import Foundation

/// Lexical path resolution against the session workspace (no file system access).
///
/// Paths are resolved as text: relative paths are taken from the workspace, `.` and `..` are folded, repeated
/// slashes collapse. Symbolic links are not followed; the executor must not create any in the workspace.
public enum WorkspacePath {
    /// The absolute, normalized form of `path`, taking relative paths from `workspace`.
    public static func resolve(_ path: String, workspace: String) -> String {
        let joined = path.hasPrefix("/") ? path : normalize(workspace) + "/" + path
        return normalize(joined)
    }

    /// Whether `path` resolves to the workspace itself or to something below it.
    public static func isInside(_ path: String, workspace: String) -> Bool {
        let root = normalize(workspace)
        let resolved = resolve(path, workspace: root)
        return resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Folds `.`, `..` and repeated slashes of an absolute path; `..` above the root stays at the root.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
