import Foundation

/// The commands an image provides to `kubectl exec` (run by the hidden `opslab pod-exec`).
///
/// Every image has the basic tools (``BasicTools``) and a shell (`sh`, `bash`, run by ``ShellInterpreter``, not
/// the host's shell); `mongo` images add the `mongo` shell. A command given as a path (`/bin/sh`) is looked up
/// by its last component.
public enum PodTools {
    /// How a command ended.
    public enum Outcome: Sendable, Hashable {
        /// It ran and exited with this code.
        case exited(Int32)
        /// The image has no such executable; the value is the OCI runtime's message.
        case notFound(String)
    }

    /// The names of the commands `image` provides, sorted.
    public static func commands(image: String) -> [String] {
        (Array(BasicTools.commands.keys) + ["sh", "bash"] + imageCommands(image).keys).sorted()
    }

    /// The OCI runtime's message for a missing executable, as containerd reports it.
    public static func notFoundMessage(_ command: String) -> String {
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"\(command)\": "
            + "executable file not found in $PATH: unknown"
    }

    /// Runs `arguments` (command and its arguments) in `context`.
    public static func run(_ arguments: [String], context: ToolContext) async -> Outcome {
        guard let command = arguments.first, !command.isEmpty else { return .notFound(notFoundMessage("")) }
        let name = command.split(separator: "/").last.map(String.init) ?? command
        let rest = Array(arguments.dropFirst())
        if command.contains("/"), !command.hasPrefix("/") {
            // A relative path names a file in the container, which holds no executables.
            return .notFound(notFoundMessage(command))
        }
        if name == "sh" || name == "bash" {
            return .exited(await shell(name, rest, context))
        }
        if let tool = BasicTools.commands[name] ?? imageCommands(context.image)[name] {
            return .exited(await tool(rest, context))
        }
        return .notFound(notFoundMessage(command))
    }

    /// Commands that only some images have, e.g. `mongo` in `mongo:*` images.
    static func imageCommands(_ image: String) -> [String: BasicTools.Command] {
        var commands: [String: BasicTools.Command] = [:]
        if imageName(image) == "mongo" {
            commands["mongo"] = { arguments, context in await MongoShellTool.run(arguments, context) }
        }
        return commands
    }

    /// The repository name of an image reference without registry prefix, tag or digest (`mongo:4.4.6` → `mongo`).
    static func imageName(_ image: String) -> String {
        var reference = image
        if let at = reference.firstIndex(of: "@") { reference = String(reference[..<at]) }
        for prefix in ["docker.io/library/", "docker.io/", "index.docker.io/"] where reference.hasPrefix(prefix) {
            reference = String(reference.dropFirst(prefix.count))
            break
        }
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        if let colon = reference[lastSlash...].lastIndex(of: ":") { reference = String(reference[..<colon]) }
        return reference
    }

    /// `sh -c SCRIPT [NAME ARGS…]`, `sh FILE`, or `sh` reading the script from standard input.
    static func shell(_ name: String, _ arguments: [String], _ context: ToolContext) async -> Int32 {
        var interpreter = ShellInterpreter(name: name, environment: context.environment)
        var words = arguments
        while let first = words.first, first.hasPrefix("-"), first != "-c" { words.removeFirst() }
        if words.first == "-c" {
            guard words.count >= 2 else {
                context.err("\(name): -c: option requires an argument\n")
                return 2
            }
            return await interpreter.run(words[1], context: context)
        }
        if let file = words.first {
            switch BasicTools.readFile(file, context) {
            case .success(let data):
                return await interpreter.run(String(decoding: data, as: UTF8.self), context: context)
            case .failure:
                context.err(
                    name == "bash"
                        ? "bash: \(file): No such file or directory\n"
                        : "\(name): 0: cannot open \(file): No such file\n")
                return 127
            }
        }
        let script = await context.readStandardInput()
        return await interpreter.run(String(decoding: script, as: UTF8.self), context: context)
    }
}
