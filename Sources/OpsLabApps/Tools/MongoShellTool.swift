import Foundation

/// The `mongo` shell inside `mongo:*` images, for `kubectl exec <pod> -- mongo …` (runs ``MongoCommand``).
enum MongoShellTool {
    /// Runs the shell with the container's environment; standard input is read only without `--eval`.
    static func run(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        let evaluates = arguments.contains { $0 == "--eval" || $0.hasPrefix("--eval=") }
        let stdin = evaluates ? nil : String(decoding: await context.readStandardInput(), as: UTF8.self)
        let result = await MongoCommand.run(arguments: arguments, environment: context.environment, stdin: stdin)
        context.out(result.stdout)
        context.err(result.stderr)
        return result.exitCode
    }
}
