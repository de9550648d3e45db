import Foundation

/// Decides which `exec_shell` lines may run, and explains refusals to the agent.
///
/// Allowed: the built-in `kubectl` (not in interactive or endless forms), read-only text tools (`grep`, `egrep`,
/// `awk`, `sed` without in-place editing, `head`, `tail` without following, `sort`, `uniq`, `wc`, `cut`, `tr`,
/// `jq`), `cat` and `ls` inside the workspace, `echo`, `printf`, `true`, and `curl` to the cluster's addresses.
/// Every file a command names must lie inside the workspace, and so must every redirection target (or
/// `/dev/null`). Every refusal says what was refused, why, and one allowed alternative.
public enum ShellPolicy {
    /// The programs that may appear as a command name.
    public static let allowedPrograms: Set<String> = [
        "kubectl", "grep", "egrep", "awk", "sed", "head", "tail", "sort", "uniq", "wc", "cut", "tr", "jq", "cat", "ls",
        "echo", "printf", "true", "curl",
    ]

    /// The one-sentence summary of what exec_shell runs, appended to refusals of unknown programs.
    public static let allowedSummary =
        "Allowed: kubectl, grep, egrep, awk, sed (without -i), head, tail (without -f), sort, uniq, wc, cut, tr, jq, "
        + "cat and ls inside the workspace, echo, printf, true, and curl to the cluster's addresses, joined with "
        + "|, &&, || or ;, with output redirected only into the workspace."

    /// Checks one line.
    ///
    /// - Parameters:
    ///   - line: the command as the agent wrote it.
    ///   - workspace: the session workspace (absolute path); commands run there and may only touch files there.
    ///   - clusterAddresses: where `curl` may connect: exact IPv4 addresses, CIDR blocks (`127.42.0.0/16`) or
    ///     dotted prefixes (`127.42.`).
    public static func check(_ line: String, workspace: String, clusterAddresses: [String]) -> ShellDecision {
        let parsed: ShellCommandLine
        do {
            parsed = try ShellCommandLine.parse(line)
        } catch {
            return .refuse("Error: Cannot run this command: \(error.message)")
        }
        let context = Context(
            workspace: WorkspacePath.normalize(workspace), addresses: ClusterAddressMatcher(clusterAddresses))
        do throws(ShellRefusal) {
            var resolved = parsed
            for s in resolved.steps.indices {
                for c in resolved.steps[s].pipeline.commands.indices {
                    let command = resolved.steps[s].pipeline.commands[c]
                    try checkProgram(command, context)
                    var redirections: [ShellRedirection] = []
                    for redirection in command.redirections {
                        redirections.append(try checkRedirection(redirection, context))
                    }
                    resolved.steps[s].pipeline.commands[c].redirections = redirections
                }
            }
            return .allow(ShellPlan(commandLine: resolved, workspace: context.workspace))
        } catch {
            return .refuse(error.message)
        }
    }

    /// What every check needs to know.
    struct Context {
        var workspace: String
        var addresses: ClusterAddressMatcher

        /// Throws unless `path` is inside the workspace; `what` names the use, e.g. "`cat` can only read".
        func requireInside(_ path: String, _ what: String) throws(ShellRefusal) {
            guard WorkspacePath.isInside(path, workspace: workspace) else {
                throw ShellRefusal(
                    "Error: Cannot use `\(path)`: \(what) files inside the session workspace (\(workspace)), and "
                        + "this path resolves outside it. Use a relative path such as `./pods.txt`, or read cluster "
                        + "state with kubectl, e.g. `kubectl get pods -A`.")
            }
        }
    }

    private static func checkRedirection(
        _ r: ShellRedirection, _ context: Context
    ) throws(ShellRefusal)
        -> ShellRedirection
    {
        switch r.kind {
        case .duplicate:
            return r
        case .read:
            try context.requireInside(r.target, "`<` can only read")
        case .write, .append:
            guard r.descriptor == 1 || r.descriptor == 2 else {
                throw ShellRefusal(
                    "Error: Cannot redirect descriptor \(r.descriptor): only `>` (stdout) and `2>` "
                        + "(stderr) are supported, e.g. `kubectl get pods > pods.txt 2>&1`.")
            }
            if r.target == "/dev/null" { return r }
            try context.requireInside(r.target, "output can only be redirected to")
        }
        var resolved = r
        resolved.target = WorkspacePath.resolve(r.target, workspace: context.workspace)
        return resolved
    }

    private static func checkProgram(_ command: ShellSimpleCommand, _ context: Context) throws(ShellRefusal) {
        let name = command.name
        let args = command.arguments
        switch name {
        case "kubectl": try checkKubectl(args, context)
        case "curl": try checkCurl(args, context)
        case "awk": try checkAwk(args, context)
        case "sed": try checkSed(args, context)
        case "cat", "ls", "grep", "egrep", "head", "tail", "sort", "uniq", "wc", "cut", "jq":
            try checkFileTool(name, args, context)
        case "tr", "echo", "printf", "true": return
        default: throw refusalForUnknown(name)
        }
    }

    static func refusalForUnknown(_ name: String) -> ShellRefusal {
        if name.contains("/") {
            let base = String(name.split(separator: "/").last ?? "")
            if allowedPrograms.contains(base) {
                return ShellRefusal(
                    "Error: Cannot use `\(name)`: call tools by their bare name. Use `\(base)` instead.")
            }
        }
        if let eq = name.firstIndex(of: "="), eq != name.startIndex {
            return ShellRefusal(
                "Error: Cannot use `\(name)`: variable assignments are not supported, there is no "
                    + "shell environment. Pass values as arguments, e.g. `kubectl get pods -n test-hotel-reservation`. "
                    + allowedSummary)
        }
        let why: String
        switch name {
        case "rm", "mv", "cp", "touch", "mkdir", "rmdir", "chmod", "chown", "ln", "dd", "tee", "truncate", "install":
            why =
                "exec_shell does not change files. To change the cluster use kubectl, e.g. "
                + "`kubectl delete pod <pod> -n <namespace>`; to save output use `> file` inside the workspace."
        case "bash", "sh", "zsh", "dash", "ksh", "fish", "ash", "python", "python3", "perl", "ruby", "node", "env",
            "xargs", "sudo", "su", "eval", "exec", "source", ".", "nohup", "timeout", "nice", "busybox":
            why =
                "shells, interpreters and command runners are not available here. Run the commands directly, e.g. "
                + "`kubectl get pods -A | grep -v Running`."
        case "apt", "apt-get", "yum", "dnf", "brew", "pip", "pip3", "npm", "apk", "snap", "go", "cargo":
            why =
                "installing software is not possible. Use kubectl and the listed text tools, e.g. "
                + "`kubectl get pods -A -o json | jq '.items[].metadata.name'`."
        case "wget", "nc", "ncat", "netcat", "telnet", "ssh", "scp", "ping", "dig", "nslookup", "host", "netstat", "ss",
            "nmap":
            why =
                "network access is limited to curl to the cluster's addresses. Use e.g. "
                + "`kubectl get svc -n <namespace>`, then `curl -s http://<cluster-ip>:<port>/`."
        case "watch", "top", "htop", "less", "more", "vi", "vim", "nano", "emacs", "man", "sleep", "yes":
            why =
                "interactive or long-running commands cannot run here. Run a command once instead, e.g. "
                + "`kubectl get pods -n <namespace>` or `kubectl top pods -n <namespace>`."
        case "docker", "kind", "helm", "crictl", "minikube", "k9s", "oc":
            why = "only the built-in kubectl talks to the cluster. Use it instead, e.g. `kubectl get pods -A`."
        default:
            why =
                "it is not one of the commands exec_shell runs. To inspect the cluster use kubectl, e.g. "
                + "`kubectl get pods -A`."
        }
        return ShellRefusal("Error: Cannot use `\(name)`: \(why) \(allowedSummary)")
    }
}

/// A refusal message raised inside the policy checks.
struct ShellRefusal: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
