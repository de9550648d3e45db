import Foundation

/// The verdict of `ShellPolicy.check`: run the plan, or show the agent the refusal message.
public enum ShellDecision: Sendable, Hashable {
    /// The line may run as planned.
    case allow(ShellPlan)
    /// The line must not run; the message is the agent's observation.
    case refuse(String)

    /// The plan when allowed.
    public var plan: ShellPlan? {
        if case .allow(let plan) = self { return plan }
        return nil
    }

    /// The refusal message when refused.
    public var refusal: String? {
        if case .refuse(let message) = self { return message }
        return nil
    }
}

/// An allowed command line, ready for an executor.
///
/// The executor spawns each simple command directly (never through `sh -c`), with the workspace as its working
/// directory, wires the pipes, applies the redirections (whose targets are already absolute paths inside the
/// workspace, or `/dev/null`), honours `&&`/`||`/`;`, and kills the whole line on timeout. `kubectl` must be the
/// built-in one pointed at the episode's cluster; `curl` should be started with `-q` first so that no `.curlrc` is
/// read, and with `--max-redirs 0` as a second guard against leaving the cluster.
public struct ShellPlan: Sendable, Hashable {
    /// The parsed line, with redirection targets resolved to absolute paths.
    public var commandLine: ShellCommandLine
    /// The session workspace (normalized absolute path): the working directory of every command.
    public var workspace: String

    /// Creates a plan.
    public init(commandLine: ShellCommandLine, workspace: String) {
        self.commandLine = commandLine
        self.workspace = workspace
    }

    /// Whether any command of the line is `kubectl`.
    public var usesKubectl: Bool {
        commandLine.commands.contains { $0.name == "kubectl" }
    }
}
