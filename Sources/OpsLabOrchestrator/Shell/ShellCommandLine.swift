import Foundation

/// A parsed `exec_shell` command line: pipelines joined by `;`, `&&` and `||`.
///
/// Only a POSIX-ish subset is understood: words with quotes and escapes, pipes, the three list operators,
/// and the redirections `<`, `>`, `>>`, `>|` and `N>&M`. Anything that would need a real shell to expand — `$VAR`,
/// `$(…)`, backticks, `~`, subshells, background jobs, here-documents — is rejected by the parser, so the line can
/// be executed by spawning the commands directly and wiring their pipes, without `sh -c`. Glob characters
/// (`*`, `?`, `[`) are kept literally.
public struct ShellCommandLine: Sendable, Hashable {
    /// How a pipeline is joined to the one before it.
    public enum Connector: String, Sendable, Hashable {
        /// `;` or a newline: run the next pipeline whatever happened.
        case sequence = ";"
        /// `&&`: run the next pipeline only if the previous one succeeded.
        case and = "&&"
        /// `||`: run the next pipeline only if the previous one failed.
        case or = "||"
    }

    /// One pipeline of the line and how it joins the previous one.
    public struct Step: Sendable, Hashable {
        /// The operator before this pipeline; `nil` for the first step.
        public var connector: Connector?
        /// The pipeline to run.
        public var pipeline: ShellPipeline

        /// Creates a step.
        public init(connector: Connector?, pipeline: ShellPipeline) {
            self.connector = connector
            self.pipeline = pipeline
        }
    }

    /// The steps in order; never empty for a parsed line.
    public var steps: [Step]

    /// Creates a command line from its steps.
    public init(steps: [Step]) {
        self.steps = steps
    }

    /// Every simple command of the line, in order.
    public var commands: [ShellSimpleCommand] {
        steps.flatMap(\.pipeline.commands)
    }

    /// Parses one `exec_shell` line.
    ///
    /// - Throws: `ShellParseError` when the line is empty, malformed, or uses a shell feature that is not supported.
    public static func parse(_ line: String) throws(ShellParseError) -> ShellCommandLine {
        var tokenizer = ShellTokenizer(line)
        var builder = ShellLineBuilder(tokens: try tokenizer.tokenize())
        return try builder.build()
    }
}

/// Commands joined by `|`, each one's standard output feeding the next one's standard input.
public struct ShellPipeline: Sendable, Hashable {
    /// The commands in order; never empty for a parsed line.
    public var commands: [ShellSimpleCommand]

    /// Creates a pipeline.
    public init(commands: [ShellSimpleCommand]) {
        self.commands = commands
    }
}

/// One command: a program name, its arguments, and its redirections.
public struct ShellSimpleCommand: Sendable, Hashable {
    /// The words after quote removal; the first one is the program name.
    public var words: [String]
    /// Redirections in the order they were written.
    public var redirections: [ShellRedirection]

    /// Creates a command.
    public init(words: [String], redirections: [ShellRedirection] = []) {
        self.words = words
        self.redirections = redirections
    }

    /// The program name (the first word), or an empty string.
    public var name: String { words.first ?? "" }

    /// The words after the program name.
    public var arguments: [String] { Array(words.dropFirst()) }
}

/// A redirection such as `> out.txt`, `>> log`, `< in.json` or `2>&1`.
public struct ShellRedirection: Sendable, Hashable {
    /// What the redirection does.
    public enum Kind: String, Sendable, Hashable {
        /// `>` or `>|`: write the descriptor to a file, truncating it.
        case write = ">"
        /// `>>`: append the descriptor to a file.
        case append = ">>"
        /// `<`: read the descriptor from a file.
        case read = "<"
        /// `N>&M`: make descriptor N a copy of descriptor M (`target` holds M).
        case duplicate = ">&"
    }

    /// The file descriptor redirected (1 by default for output, 0 for input).
    public var descriptor: Int
    /// What is done to it.
    public var kind: Kind
    /// The file path, or the source descriptor number for `.duplicate`.
    public var target: String

    /// Creates a redirection.
    public init(descriptor: Int, kind: Kind, target: String) {
        self.descriptor = descriptor
        self.kind = kind
        self.target = target
    }

    /// Whether this redirection writes to a file (`>`, `>>`).
    public var writesFile: Bool { kind == .write || kind == .append }
}
