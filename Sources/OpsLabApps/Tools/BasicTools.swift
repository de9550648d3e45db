import Foundation

/// The small coreutils every image provides: `env`, `printenv`, `hostname`, `echo`, `cat`, `ls`, `true`,
/// `false`, `sleep`, `id`, `pwd`, `grep`, `head`, `tail`, `wc`.
///
/// Each runs in-process against a ``ToolContext`` and returns its exit code; messages follow GNU coreutils.
enum BasicTools {
    /// A command implementation.
    typealias Command = @Sendable ([String], ToolContext) async -> Int32

    /// The commands by name.
    static let commands: [String: Command] = [
        "env": { _, context in env(context) },
        "printenv": { arguments, context in printenv(arguments, context) },
        "hostname": { _, context in
            context.out((context.environment["HOSTNAME"] ?? "localhost") + "\n")
            return 0
        },
        "echo": { arguments, context in echo(arguments, context) },
        "cat": { arguments, context in await cat(arguments, context) },
        "ls": { arguments, context in ls(arguments, context) },
        "true": { _, _ in 0 },
        "false": { _, _ in 1 },
        "sleep": { arguments, context in await sleep(arguments, context) },
        "id": { _, context in
            context.out("uid=0(root) gid=0(root) groups=0(root)\n")
            return 0
        },
        "pwd": { _, context in
            context.out("/\n")
            return 0
        },
        "grep": { arguments, context in await TextTools.grep(arguments, context) },
        "head": { arguments, context in await TextTools.headOrTail(arguments, context, head: true) },
        "tail": { arguments, context in await TextTools.headOrTail(arguments, context, head: false) },
        "wc": { arguments, context in await TextTools.wc(arguments, context) },
    ]

    static func env(_ context: ToolContext) -> Int32 {
        let lines = context.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }
        context.out(lines.joined())
        return 0
    }

    static func printenv(_ arguments: [String], _ context: ToolContext) -> Int32 {
        guard !arguments.isEmpty else { return env(context) }
        var code: Int32 = 0
        for name in arguments {
            if let value = context.environment[name] {
                context.out(value + "\n")
            } else {
                code = 1
            }
        }
        return code
    }

    static func echo(_ arguments: [String], _ context: ToolContext) -> Int32 {
        var words = arguments
        var newline = true
        var escapes = false
        while let first = words.first, first.count > 1, first.hasPrefix("-"),
            first.dropFirst().allSatisfy({ "neE".contains($0) })
        {
            if first.contains("n") { newline = false }
            if first.contains("e") { escapes = true }
            if first.contains("E") { escapes = false }
            words.removeFirst()
        }
        var text = words.joined(separator: " ")
        if escapes {
            text = text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
        }
        context.out(text + (newline ? "\n" : ""))
        return 0
    }

    static func cat(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        let files = arguments.filter { !$0.hasPrefix("-") || $0 == "-" }
        if files.isEmpty {
            context.writeOutput(await context.readStandardInput())
            return 0
        }
        var code: Int32 = 0
        for file in files {
            if file == "-" {
                context.writeOutput(await context.readStandardInput())
                continue
            }
            switch readFile(file, context) {
            case .success(let data): context.writeOutput(data)
            case .failure(let message):
                context.err("cat: \(file): \(message.text)\n")
                code = 1
            }
        }
        return code
    }

    /// Why a file could not be read, in coreutils' words.
    struct FileMessage: Error {
        var text: String
    }

    /// Reads a container file (directories and missing files fail with coreutils' messages).
    static func readFile(_ path: String, _ context: ToolContext) -> Result<Data, FileMessage> {
        let host = context.hostPath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: host, isDirectory: &isDirectory) else {
            return .failure(FileMessage(text: "No such file or directory"))
        }
        if isDirectory.boolValue { return .failure(FileMessage(text: "Is a directory")) }
        guard let data = FileManager.default.contents(atPath: host) else {
            return .failure(FileMessage(text: "Permission denied"))
        }
        return .success(data)
    }

    static func ls(_ arguments: [String], _ context: ToolContext) -> Int32 {
        let flags = arguments.filter { $0.hasPrefix("-") && $0.count > 1 }.joined()
        let showHidden = flags.contains("a")
        var targets = arguments.filter { !$0.hasPrefix("-") || $0 == "-" }
        if targets.isEmpty { targets = ["."] }
        var code: Int32 = 0
        var blocks: [String] = []
        for target in targets {
            let host = context.hostPath(target)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: host, isDirectory: &isDirectory) else {
                context.err("ls: cannot access '\(target)': No such file or directory\n")
                code = 2
                continue
            }
            guard isDirectory.boolValue else {
                blocks.append(target + "\n")
                continue
            }
            var names = (try? FileManager.default.contentsOfDirectory(atPath: host)) ?? []
            if !showHidden { names = names.filter { !$0.hasPrefix(".") } }
            if flags.contains("a") { names += [".", ".."] }
            let listing = names.sorted().map { $0 + "\n" }.joined()
            blocks.append(targets.count > 1 ? "\(target):\n\(listing)" : listing)
        }
        context.out(blocks.joined(separator: "\n"))
        return code
    }

    static func sleep(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        guard let text = arguments.first else {
            context.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
            return 1
        }
        let multipliers: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var number = text
        var multiplier = 1.0
        if let last = text.last, let factor = multipliers[last] {
            number = String(text.dropLast())
            multiplier = factor
        }
        guard let seconds = Double(number), seconds >= 0 else {
            context.err("sleep: invalid time interval '\(text)'\nTry 'sleep --help' for more information.\n")
            return 1
        }
        do {
            try await Task.sleep(for: .seconds(seconds * multiplier))
        } catch {
            return 130
        }
        return 0
    }
}
