import Foundation

/// Turns tokens into a `ShellCommandLine`, refusing operators that are not supported.
struct ShellLineBuilder {
    private let tokens: [ShellToken]
    private var index = 0

    init(tokens: [ShellToken]) {
        self.tokens = tokens
    }

    mutating func build() throws(ShellParseError) -> ShellCommandLine {
        var steps: [ShellCommandLine.Step] = []
        var connector: ShellCommandLine.Connector?
        var pipeline: [ShellSimpleCommand] = []
        var current = ShellSimpleCommand(words: [])
        var pendingPipe = false

        func endCommand() throws(ShellParseError) {
            if current.words.isEmpty {
                if !current.redirections.isEmpty {
                    throw ShellParseError(
                        "A redirection needs a command to apply to, e.g. `kubectl get pods > pods.txt`.")
                }
                if pendingPipe || !pipeline.isEmpty {
                    throw ShellParseError(
                        "A `|` must have a command on both sides, e.g. `kubectl get pods | grep api`.")
                }
                return
            }
            pipeline.append(current)
            current = ShellSimpleCommand(words: [])
        }

        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .word(let w):
                current.words.append(w)
                pendingPipe = false
            case .op(let op, let descriptor):
                switch op {
                case "|":
                    if current.words.isEmpty {
                        throw ShellParseError(
                            "A `|` must have a command on both sides, e.g. `kubectl get pods | grep api`.")
                    }
                    try endCommand()
                    pendingPipe = true
                case ";", "&&", "||":
                    if pendingPipe {
                        throw ShellParseError(
                            "A `|` must have a command on both sides, e.g. `kubectl get pods | grep api`.")
                    }
                    try endCommand()
                    if pipeline.isEmpty {
                        if op == ";" && steps.isEmpty && connector == nil { continue }
                        if op == ";" && connector == .sequence { continue }
                        throw ShellParseError(
                            "`\(op)` must follow a command, e.g. `kubectl get pods \(op) kubectl get svc`.")
                    }
                    steps.append(.init(connector: connector, pipeline: ShellPipeline(commands: pipeline)))
                    pipeline = []
                    connector = ShellCommandLine.Connector(rawValue: op)
                case ">", ">>", ">|", "<", ">&":
                    current.redirections.append(try redirection(op, descriptor: descriptor))
                default:
                    throw Self.unsupported(op)
                }
            }
        }
        if pendingPipe {
            throw ShellParseError(
                "The line ends with `|`: add the command that should read the output, e.g. `| grep api`.")
        }
        try endCommand()
        if pipeline.isEmpty {
            if steps.isEmpty { throw ShellParseError("The command is empty. Example: `kubectl get pods -A`.") }
            if connector != .sequence {
                throw ShellParseError(
                    "The line ends with `\(connector?.rawValue ?? "")`: add the command that should follow.")
            }
        } else {
            steps.append(.init(connector: connector, pipeline: ShellPipeline(commands: pipeline)))
        }
        return ShellCommandLine(steps: steps)
    }

    private mutating func redirection(_ op: String, descriptor: Int?) throws(ShellParseError) -> ShellRedirection {
        guard index < tokens.count, case .word(let target) = tokens[index] else {
            throw ShellParseError("The redirection `\(op)` needs a file name after it, e.g. `> pods.txt`.")
        }
        index += 1
        switch op {
        case "<":
            return ShellRedirection(descriptor: descriptor ?? 0, kind: .read, target: target)
        case ">>":
            return ShellRedirection(descriptor: descriptor ?? 1, kind: .append, target: target)
        case ">&":
            guard let source = Int(target), (0...2).contains(source) else {
                throw ShellParseError(
                    "Only descriptor copies such as `2>&1` are supported after `>&`; to write a file use `> file 2>&1`."
                )
            }
            return ShellRedirection(descriptor: descriptor ?? 1, kind: .duplicate, target: String(source))
        default:
            return ShellRedirection(descriptor: descriptor ?? 1, kind: .write, target: target)
        }
    }

    private static func unsupported(_ op: String) -> ShellParseError {
        switch op {
        case "&":
            return ShellParseError(
                "Background jobs (`&`) are not supported: every command must finish within the timeout. "
                    + "Run the command without `&`.")
        case "(", ")":
            return ShellParseError(
                "Subshells and grouping with parentheses are not supported. Use `&&`, `||` or `;` between commands.")
        case "<<":
            return ShellParseError(
                "Here-documents (`<<`) are not supported. Pipe the text instead, e.g. "
                    + "`printf '...' | kubectl apply -f -`.")
        case "&>":
            return ShellParseError("`&>` is not supported; write `> file 2>&1` instead.")
        case "|&":
            return ShellParseError("`|&` is not supported; write `2>&1 |` instead.")
        case "<&":
            return ShellParseError("Input descriptor copies (`<&`) are not supported; use `< file`.")
        default:
            return ShellParseError(
                "The operator `\(op)` is not supported. Use `|`, `&&`, `||`, `;`, `>`, `>>`, `<` or `2>&1`.")
        }
    }
}
