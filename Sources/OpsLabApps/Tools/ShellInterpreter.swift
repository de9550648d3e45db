import Foundation

/// Runs a ``ShellScript`` against the commands of an image, in-process.
///
/// Pipelines run stage by stage: each stage's whole output becomes the next stage's input (fine for the
/// `… | grep x | head` one-liners operators type). Unknown commands fail as dash does (`sh: 1: foo: not found`,
/// exit 127) or as bash does (`bash: line 1: foo: command not found`).
struct ShellInterpreter {
    /// `sh` or `bash`: decides the wording of errors.
    var name: String
    /// The shell's variables (the environment plus assignments).
    var variables: [String: String]
    /// The last exit status (`$?`).
    var status: Int32 = 0

    init(name: String, environment: [String: String]) {
        self.name = name
        self.variables = environment
    }

    /// Parses and runs `text`; returns the script's exit status.
    mutating func run(_ text: String, context: ToolContext) async -> Int32 {
        let script: ShellScript
        do {
            script = try ShellScript(parsing: text)
        } catch {
            context.err(name == "bash" ? "bash: -c: line 1: syntax error\n" : "\(name): 1: \(error.message)\n")
            return 2
        }
        for step in script.steps {
            switch step.connector {
            case .always: break
            case .ifSuccess: if status != 0 { continue }
            case .ifFailure: if status == 0 { continue }
            }
            if let exit = await runPipeline(step.pipeline, context: context) { return exit }
        }
        return status
    }

    /// Runs one pipeline and sets `status`; returns a code when the script must stop (`exit`).
    private mutating func runPipeline(_ pipeline: [ShellScript.Command], context: ToolContext) async -> Int32? {
        var input: Data?
        for (index, command) in pipeline.enumerated() {
            let last = index == pipeline.count - 1
            let buffer = last ? nil : ToolOutputBuffer()
            var stage = context.piped(input: input, output: buffer)
            for redirection in command.redirections {
                switch redirection {
                case .errorToOutput: stage = stage.redirectingError(toOutput: true)
                case .discardError: stage = stage.redirectingError(toOutput: false)
                case .discardOutput: stage = stage.discardingOutput()
                case .outputToError: stage.writeOutput = stage.writeError
                }
            }
            if let exit = await runCommand(command, context: stage, inPipeline: pipeline.count > 1) {
                return exit
            }
            input = buffer?.data ?? Data()
        }
        return nil
    }

    /// Runs one simple command; returns a code when it was `exit`.
    private mutating func runCommand(
        _ command: ShellScript.Command, context: ToolContext, inPipeline: Bool
    ) async -> Int32? {
        let words = command.words.map(expand)
        var environment = variables
        for (name, value) in command.assignments {
            if words.isEmpty { variables[name] = expand(value) } else { environment[name] = expand(value) }
        }
        guard let first = words.first else {
            status = 0
            return nil
        }
        let arguments = Array(words.dropFirst())
        switch first {
        case "exit":
            let code = arguments.first.flatMap { Int32($0) }.map { $0 & 0xff } ?? status
            if inPipeline {
                status = code
                return nil
            }
            return code
        case ":", "cd":
            status = 0
            return nil
        case "export":
            for argument in arguments {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { variables[parts[0]] = parts[1] }
            }
            status = 0
            return nil
        default:
            break
        }
        var stage = context
        stage.environment = environment
        switch await PodTools.run([first] + arguments, context: stage) {
        case .exited(let code):
            status = code
        case .notFound:
            context.err(
                name == "bash"
                    ? "bash: line 1: \(first): command not found\n" : "\(name): 1: \(first): not found\n")
            status = 127
        }
        return nil
    }

    /// Joins a word's parts, expanding variables.
    private func expand(_ word: ShellScript.Word) -> String {
        word.map { part in
            switch part {
            case .literal(let text): return text
            case .variable("?"): return String(status)
            case .variable(let name): return variables[name] ?? ""
            }
        }.joined()
    }
}
