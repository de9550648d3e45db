import Foundation

/// The human at `opslab shell` as an ``Agent``: each turn prints the environment's message and reads the action
/// the human types, exactly as an agent would write it (`exec_shell("…")`, `submit("Yes")`, bare or fenced).
///
/// `help` prints the commands and the task's actions without using a step; `exit`, `quit` and Ctrl-D end the
/// episode by throwing ``HumanAgentQuit`` (the orchestrator then recovers the fault and tears down).
public struct HumanAgent: Agent {
    /// The terminal or pipe the human types into.
    public let input: any InteractiveInput
    /// Where the environment's messages go.
    public let output: any InteractiveOutput
    /// The task's action names, for completion.
    public let actionNames: [String]
    /// The help text for this episode (commands and the action docs of the task).
    public let help: String

    /// Creates the agent.
    public init(input: any InteractiveInput, output: any InteractiveOutput, actionNames: [String], help: String) {
        self.input = input
        self.output = output
        self.actionNames = actionNames
        self.help = help
    }

    /// Prints `state` and reads the next action.
    public func getAction(_ state: String) async throws -> String {
        output.write("\n\(state)\n")
        let names = actionNames
        let completer: @Sendable (String) -> InteractiveCompletion = {
            InteractiveCompletion.complete($0, problemIDs: [], actions: names)
        }
        while true {
            try Task.checkCancellation()
            switch await input.readLine(prompt: "action> ", completer: completer) {
            case .end:
                try Task.checkCancellation()
                throw HumanAgentQuit(reason: "end of input")
            case .interrupt:
                output.write("^C (type exit to leave the episode)\n")
            case .line(let line):
                switch InteractiveCommand.parse(line) {
                case .empty: continue
                case .help: output.write(help + "\n")
                case .exit: throw HumanAgentQuit(reason: "exit")
                case .start, .problems:
                    output.write("an episode is running: finish it with the task's submit(…) or leave with exit\n")
                case .invalid(let message): output.write("error: \(message)\n")
                case .action(let text):
                    if let response = try await fenced(text) { return response }
                }
            }
        }
    }

    /// A bare call is wrapped in a fence; an opened fence reads lines until it is closed (`nil`: Ctrl-C).
    private func fenced(_ text: String) async throws -> String? {
        guard text.hasPrefix("```") else { return "```\n\(text)\n```" }
        var lines = [text]
        while lines.joined(separator: "\n").components(separatedBy: "```").count < 3 {
            let event = await input.readLine(prompt: "   ...> ") {
                InteractiveCompletion(wordStart: $0.count, candidates: [])
            }
            switch event {
            case .line(let line): lines.append(line)
            case .interrupt: return nil
            case .end: throw HumanAgentQuit(reason: "end of input")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The human left an episode (`exit`, `quit`, Ctrl-D).
public struct HumanAgentQuit: Error, Sendable, Hashable, CustomStringConvertible {
    /// What ended it.
    public var reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    /// A one-line explanation.
    public var description: String { "the human left the episode (\(reason))" }
}
