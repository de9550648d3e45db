import Foundation
import OpsLabCore

/// One line typed at `opslab shell`, parsed.
///
/// Outside an episode the commands are `problems [--app APP] [--task TASK]`, `start PROBLEM_ID`, `help` and
/// `exit`/`quit`; inside one, anything that looks like a call (`name(…)`) or starts a fenced block is an action
/// for the agent loop, and `help` and `exit` still work.
public enum InteractiveCommand: Sendable, Hashable {
    /// A blank line.
    case empty
    /// `problems`, optionally filtered.
    case problems(app: String?, task: TaskKind?)
    /// `start PROBLEM_ID`.
    case start(String)
    /// `help` or `?`.
    case help
    /// `exit`, `quit` (Ctrl-D is reported by the input as the end of input).
    case exit
    /// An action as an agent would write it: `exec_shell("…")`, `submit("Yes")`, or a fenced block.
    case action(String)
    /// Anything else, with a message saying what was wrong and what would work.
    case invalid(String)

    /// The command words, for completion and help.
    public static let words = ["problems", "start", "help", "exit", "quit"]

    /// Parses one line.
    public static func parse(_ line: String) -> InteractiveCommand {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .empty }
        if text.hasPrefix("```") || looksLikeCall(text) { return .action(text) }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let arguments = Array(words.dropFirst())
        switch words[0].lowercased() {
        case "problems", "ls": return parseProblems(arguments)
        case "start":
            guard arguments.count == 1 else {
                return .invalid("usage: start <problem-id>   (list ids with `problems`; Tab completes them)")
            }
            return .start(arguments[0])
        case "help", "?": return .help
        case "exit", "quit", "q": return arguments.isEmpty ? .exit : .invalid("usage: \(words[0]) (no arguments)")
        default:
            var message = "unknown command \"\(words[0])\"; commands: problems, start <problem-id>, help, exit"
            if ["kubectl", "curl", "cat", "ls", "grep"].contains(words[0]) {
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"")
                message += "\nto run a shell command in an episode, write it as an action: exec_shell(\"\(escaped)\")"
            }
            return .invalid(message)
        }
    }

    /// Whether `text` starts like a call: an identifier, optional spaces, then `(`.
    public static func looksLikeCall(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "(") else { return false }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first == "_" || first.isLetter else { return false }
        return name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    private static func parseProblems(_ arguments: [String]) -> InteractiveCommand {
        var app: String?
        var task: TaskKind?
        var index = 0
        while index < arguments.count {
            var flag = arguments[index]
            var value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            } else if index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            index += 1
            guard let value, !value.isEmpty else { return .invalid("\(flag) needs a value") }
            switch flag {
            case "--app":
                app = value
            case "--task":
                guard let kind = TaskKind(rawValue: value.lowercased()) else {
                    let known = TaskKind.allCases.map(\.rawValue).joined(separator: ", ")
                    return .invalid("unknown task \"\(value)\"; one of \(known)")
                }
                task = kind
            default:
                return .invalid("unknown option \"\(flag)\"; usage: problems [--app APP] [--task TASK]")
            }
        }
        return .problems(app: app, task: task)
    }
}
