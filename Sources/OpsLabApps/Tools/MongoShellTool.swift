import Foundation

/// The `mongo` shell inside `mongo:*` images, for `kubectl exec <pod> -- mongo …`.
enum MongoShellTool {
    /// Runs the shell with the container's environment and standard input.
    static func run(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        // MongoCommand (the shell itself) is written in Datastores/; until it lands the command exists but fails
        // the way a shell that cannot reach its server does.
        context.err("Error: the mongo shell is not available in this OpsLab build\n")
        return 1
    }
}
