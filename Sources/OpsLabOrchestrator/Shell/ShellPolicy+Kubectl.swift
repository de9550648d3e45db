import Foundation

extension ShellPolicy {
    /// Single-letter kubectl flags that take a value.
    static let kubectlShortWithValue: Set<Character> = ["n", "l", "o", "c", "f", "k", "L", "s", "v", "e"]
    /// Long kubectl flags that take a value when written without `=`.
    static let kubectlLongWithValue: Set<String> = [
        "namespace", "selector", "output", "container", "filename", "kustomize", "label-columns", "server",
        "kubeconfig", "context", "cluster", "user", "token", "v", "template", "sort-by", "field-selector", "since",
        "since-time", "tail", "limit-bytes", "patch", "type", "image", "replicas", "timeout", "for",
        "request-timeout", "as", "as-group", "chunk-size", "max-log-requests", "pod-running-timeout", "env",
        "overrides", "restart", "port", "target-port", "name", "revision", "to-revision", "subresource",
        "field-manager", "cascade", "grace-period", "raw", "profile", "target", "copy-to",
    ]

    private static let interactiveShells: Set<String> = [
        "sh", "bash", "ash", "dash", "zsh", "ksh", "fish", "csh",
        "tcsh",
    ]

    static func checkKubectl(_ args: [String], _ context: Context) throws(ShellRefusal) {
        var short = kubectlShortWithValue
        if args.contains("patch") { short.insert("p") }
        let scan = ShellOptions(args, shortWithValue: short, longWithValue: kubectlLongWithValue)
        let verb = scan.operands.first ?? ""

        if scan.has("--kubeconfig", "--server", "-s", "--token") {
            throw ShellRefusal(
                "Error: Cannot use `--kubeconfig`, `--server` or `--token`: the built-in kubectl is already "
                    + "connected to this episode's cluster. Drop the flag, e.g. `kubectl get pods -A`.")
        }
        switch verb {
        case "edit":
            throw ShellRefusal("Error: Cannot use `kubectl edit`. Use `kubectl patch` instead.")
        case "port-forward":
            throw ShellRefusal(
                "Error: Cannot use `kubectl port-forward` because it is an interactive command. Reach Services "
                    + "directly instead: `kubectl get svc -n <namespace>`, then `curl -s http://<cluster-ip>:<port>/`.")
        case "attach":
            throw ShellRefusal(
                "Error: Cannot use `kubectl attach` because it is an interactive command. Use "
                    + "`kubectl logs <pod> -n <namespace>` to read its output.")
        case "proxy":
            throw ShellRefusal(
                "Error: Cannot use `kubectl proxy` because it never ends. Query the API with kubectl itself, e.g. "
                    + "`kubectl get pods -n <namespace> -o json`.")
        case "logs":
            if scan.isSet("-f", "--follow") {
                throw ShellRefusal("Error: Cannot use `kubectl logs -f`. Use `kubectl logs` instead.")
            }
        case "get", "events":
            if scan.isSet("-w", "--watch", "--watch-only") {
                throw ShellRefusal(
                    "Error: Cannot use `kubectl \(verb) -w` because it never ends. Use `kubectl \(verb)` without "
                        + "-w/--watch, and run it again later to see changes.")
            }
        case "exec", "run", "debug":
            try checkInteractive(verb, scan)
        case "cp":
            for operand in scan.operands.dropFirst() where !operand.contains(":") {
                try context.requireInside(operand, "`kubectl cp` can only copy to and from")
            }
        default:
            break
        }
        for file in scan.values("-f", "--filename") where file != "-" {
            try context.requireInside(file, "`kubectl -f` can only read")
        }
        for dir in scan.values("-k", "--kustomize") {
            try context.requireInside(dir, "`kubectl -k` can only read")
        }
    }

    /// Refuses `exec`/`run`/`debug` with `-i`/`-t` when they would open an interactive shell.
    private static func checkInteractive(_ verb: String, _ scan: ShellOptions) throws(ShellRefusal) {
        guard scan.isSet("-i", "-t", "--stdin", "--tty", "--attach") else { return }
        let remote = scan.afterSeparator ?? []
        let program = remote.first.map { String($0.split(separator: "/").last ?? "") }
        let shellWithoutCommand: Bool
        if let program {
            let rest = remote.dropFirst()
            shellWithoutCommand =
                interactiveShells.contains(program) && !rest.contains("-c") && rest.allSatisfy { $0.hasPrefix("-") }
        } else {
            shellWithoutCommand = true
        }
        guard shellWithoutCommand else { return }
        throw ShellRefusal(
            "Error: Cannot use `kubectl \(verb) -it` without a command because it opens an interactive session. "
                + "Run one command in the container instead, e.g. `kubectl exec <pod> -n <namespace> -- ls /` or "
                + "`kubectl exec <pod> -n <namespace> -- sh -c 'cat /etc/hosts'`.")
    }
}
