import Foundation
import Logging
import OpsLabCore

/// The built-in `kubectl`: parses kubectl's command line and talks to an API server through a ``KubeClient``.
///
/// It reproduces kubectl 1.32's output (tables via server-side printing, success lines, error lines and exit
/// codes) for the verbs an operator needs while debugging: get, describe, logs, exec, apply, create, delete, scale,
/// patch, set, rollout, label, annotate, version, api-resources, cluster-info and config view.
/// Anything else exits 1 with a "not supported" error.
public struct Kubectl: Sendable {
    /// The client requests go through.
    public var client: KubeClient
    /// The namespace used when no `-n` is given.
    public var defaultNamespace: String
    /// Clock, sleeping and file access.
    public var environment: KubectlEnvironment
    /// Known resource types; types missing here are looked up through discovery.
    public var registry: ResourceRegistry

    static let logger = Logger(label: "opslab.kubectl")

    /// The verbs this kubectl implements, in the order `help` lists them.
    public static let supportedCommands = [
        "get", "describe", "logs", "exec", "apply", "create", "delete", "scale", "patch", "set", "rollout", "label",
        "annotate", "version", "api-resources", "cluster-info", "config", "top",
    ]

    /// Creates a kubectl bound to a client.
    public init(
        client: KubeClient, defaultNamespace: String = "default", environment: KubectlEnvironment = .live,
        registry: ResourceRegistry = ResourceRegistry()
    ) {
        self.client = client
        self.defaultNamespace = defaultNamespace
        self.environment = environment
        self.registry = registry
    }

    /// Runs one command line (a leading `kubectl` word is ignored) and returns what kubectl would print.
    ///
    /// `stdin` is what `-f -` reads. Never throws: every failure becomes stderr text and exit code 1.
    public func run(_ arguments: [String], stdin: Data? = nil) async -> KubectlResult {
        let output = KubectlOutput()
        var exitCode: Int32?
        do {
            try await dispatch(arguments, stdin: stdin, output: output)
        } catch let exit as KubectlExitStatus {
            // `exec`: the command's own exit code.
            output.note(exit.message)
            exitCode = exit.code
        } catch {
            output.fail(error)
        }
        return KubectlResult(
            stdout: output.stdout, stderr: output.stderr, exitCode: exitCode ?? (output.failed ? 1 : 0))
    }

    private func dispatch(_ arguments: [String], stdin: Data?, output: KubectlOutput) async throws {
        let words = arguments.first == "kubectl" ? Array(arguments.dropFirst()) : arguments
        let (verb, rest) = ParsedArguments.splitVerb(words)
        guard let verb else {
            output.write(Self.usage)
            return
        }
        guard let spec = Self.specs[verb] else {
            throw KubectlError.error(
                "\"\(verb)\" is not supported by opslab kubectl (supported: "
                    + Self.supportedCommands.joined(separator: ", ") + ")")
        }
        let args = try ParsedArguments.parse(rest, spec: spec.merging(.global))
        if args.flag("help") {
            output.write("Usage: kubectl \(verb) [flags] (opslab kubectl; see 'kubectl --help' for the verbs)\n")
            return
        }
        let context = CommandContext(args: args, stdin: stdin, output: output)
        switch verb {
        case "get": try await runGet(context)
        case "describe": try await runDescribe(context)
        case "logs": try await runLogs(context)
        case "exec": try await runExec(context)
        case "apply": try await runApply(context)
        case "create": try await runCreate(context)
        case "delete": try await runDelete(context)
        case "scale": try await runScale(context)
        case "patch": try await runPatch(context)
        case "set": try await runSet(context)
        case "rollout": try await runRollout(context)
        case "label": try await runLabel(context, annotate: false)
        case "annotate": try await runLabel(context, annotate: true)
        case "version": try await runVersion(context)
        case "api-resources": try await runAPIResources(context)
        case "cluster-info": try await runClusterInfo(context)
        case "config": try runConfig(context)
        case "top": try await runTop(context)
        default: throw KubectlError.error("\"\(verb)\" is not supported by opslab kubectl")
        }
    }

    /// The namespace a command works in: `-n`, else the default.
    func namespace(_ args: ParsedArguments) -> String {
        args.value("namespace") ?? defaultNamespace
    }

    static let usage = """
        kubectl controls the OpsLab cluster (opslab built-in kubectl).

        Supported commands:
          get            Display one or many resources
          describe       Show details of a specific resource or group of resources
          logs           Print the logs for a container in a pod
          exec           Execute a command in a container
          apply          Apply a configuration to a resource by file name or stdin
          create         Create a resource from a file or from stdin (also: namespace, deployment)
          delete         Delete resources by file names, stdin, resources and names, or by label selector
          scale          Set a new size for a deployment or replica set
          patch          Update fields of a resource
          set            Set specific features on objects (env, image)
          rollout        Manage the rollout of a resource (status, restart, undo, history)
          label          Update the labels on a resource
          annotate       Update the annotations on a resource
          version        Print the client and server version information
          api-resources  Print the supported API resources on the server
          cluster-info   Display cluster information
          config         Show kubeconfig (config view)

        """
}

/// Everything one verb needs: parsed flags, stdin and the output collector.
struct CommandContext {
    var args: ParsedArguments
    var stdin: Data?
    var output: KubectlOutput
}

extension FlagSpec {
    /// This spec plus another's flags.
    func merging(_ other: FlagSpec) -> FlagSpec {
        var copy = self
        copy.valueFlags.merge(other.valueFlags) { mine, _ in mine }
        copy.boolFlags.merge(other.boolFlags) { mine, _ in mine }
        return copy
    }
}

extension Kubectl {
    /// Flags per verb.
    static let specs: [String: FlagSpec] = [
        "get": FlagSpec().values(
            "output|o", "selector|l", "field-selector", "sort-by", "label-columns|L",
            "chunk-size", "template", "filename|f"
        )
        .bools(
            "all-namespaces|A", "show-labels", "no-headers", "watch|w", "show-kind", "ignore-not-found",
            "show-managed-fields"),
        "describe": FlagSpec().values("selector|l", "chunk-size", "filename|f")
            .bools("all-namespaces|A", "show-events"),
        "logs": FlagSpec().values(
            "container|c", "tail", "since", "since-time", "selector|l", "limit-bytes",
            "max-log-requests", "pod-running-timeout"
        )
        .bools("previous|p", "timestamps", "follow|f", "all-containers", "prefix", "ignore-errors"),
        "exec": FlagSpec().values("container|c", "filename|f", "pod-running-timeout")
            .bools("stdin|i", "tty|t", "quiet|q"),
        "apply": FlagSpec().values("filename|f", "output|o", "dry-run", "validate", "field-manager", "selector|l")
            .bools("recursive|R", "server-side", "force", "overwrite", "prune"),
        "create": FlagSpec().values(
            "filename|f", "output|o", "dry-run", "validate", "image", "replicas", "port",
            "from-literal", "save-config"
        )
        .bools("recursive|R", "edit"),
        "delete": FlagSpec().values(
            "filename|f", "selector|l", "field-selector", "timeout", "grace-period",
            "cascade", "output|o"
        )
        .bools("wait", "all", "all-namespaces|A", "ignore-not-found", "force", "now", "recursive|R"),
        "scale": FlagSpec().values("replicas", "current-replicas", "selector|l", "timeout", "filename|f")
            .bools("all"),
        "patch": FlagSpec().values(
            "patch|p", "type", "patch-file", "output|o", "subresource", "filename|f",
            "dry-run", "field-manager"
        )
        .bools("local"),
        "set": FlagSpec().values("container|c", "selector|l", "output|o", "filename|f", "dry-run", "from", "env|e")
            .bools("all", "list", "overwrite", "local", "resolve"),
        "rollout": FlagSpec().values("timeout", "to-revision", "revision", "output|o", "selector|l")
            .bools("watch|w"),
        "label": FlagSpec().values("selector|l", "output|o", "field-selector", "resource-version", "dry-run")
            .bools("overwrite", "all", "all-namespaces|A", "list", "local"),
        "annotate": FlagSpec().values("selector|l", "output|o", "field-selector", "resource-version", "dry-run")
            .bools("overwrite", "all", "all-namespaces|A", "list", "local"),
        "version": FlagSpec().values("output|o").bools("client", "short"),
        "api-resources": FlagSpec().values("output|o", "api-group", "verbs", "sort-by", "categories")
            .bools("namespaced", "no-headers", "cached"),
        "cluster-info": FlagSpec(),
        "config": FlagSpec().values("output|o").bools("minify", "raw", "flatten"),
        "top": topSpec,
    ]
}
