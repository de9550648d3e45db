import Foundation
import OpsLabCore
import Synchronization

/// `kubectl exec` ended with the command's own exit code (`command terminated with exit code N`).
struct KubectlExitStatus: Error {
    /// The process exit code.
    var code: Int32
    /// The stderr line, without its newline.
    var message: String
}

extension Kubectl {
    /// `exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] [-q] -- COMMAND [ARGS…]` over a WebSocket
    /// (`v5.channel.k8s.io`), as kubectl 1.32 does.
    func runExec(_ context: CommandContext) async throws {
        let args = context.args
        let output = context.output
        guard let first = args.positionals.first else {
            throw KubectlError.error(
                "expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\n"
                    + "POD or TYPE/NAME is a required argument for the exec command\n"
                    + "See 'kubectl exec -h' for help and examples")
        }
        if args.positionals.count > 1 {
            throw KubectlError.error(
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                    + "See 'kubectl exec -h' for help and examples")
        }
        guard let command = args.afterDash, !command.isEmpty else {
            throw KubectlError.error("you must specify at least one command for the container")
        }
        let namespace = self.namespace(args)
        let pod: JSONValue
        if first.contains("/") {
            let item = try await resolveSingle([first], verb: "exec")
            pod = try await execPod(item.type, name: item.name, namespace: namespace)
        } else {
            pod = try await client.get(.pods, namespace: namespace, name: first)
        }
        let phase = pod[path: ["status", "phase"]]?.stringValue ?? ""
        if phase == "Succeeded" || phase == "Failed" {
            throw KubectlError.error("cannot exec into a container in a completed pod; current phase is \(phase)")
        }
        let container = Self.execContainer(pod, requested: args.value("container"), quiet: args.flag("quiet")) {
            output.note($0)
        }
        if args.flag("tty") {
            output.note("Unable to use a TTY - input is not a terminal or the right kind of file")
        }
        let stdin = args.flag("stdin") ? (context.stdin ?? Data()) : nil
        let path = Self.execPath(
            namespace: pod.namespace ?? namespace, pod: pod.name, container: container, command: command,
            stdin: stdin != nil)
        guard let transport = client.transport as? HTTPSTransport else {
            throw KubectlError.error("exec needs a connection to an API server (HTTPS transport)")
        }
        let collected = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
        let status: WebSocketExecStatus
        do {
            let client = WebSocketExecClient(transport: transport)
            status = try await client.run(path: path, stdin: stdin) { channel, data in
                collected.withLock { buffers in
                    if channel == .stderr { buffers.stderr.append(data) } else { buffers.stdout.append(data) }
                }
            }
        } catch WebSocketExecError.refused(let code, let body) {
            throw Self.refusal(code: code, body: body)
        } catch WebSocketExecError.closedWithoutStatus {
            Self.flush(collected, into: output)
            throw KubectlError.error("unexpected EOF")
        }
        Self.flush(collected, into: output)
        switch status {
        case .success: return
        case .exitCode, .failure:
            throw KubectlExitStatus(code: status.kubectlExitCode, message: status.kubectlMessage)
        }
    }

    /// Copies the collected output into the command's output.
    private static func flush(_ collected: borrowing Mutex<(stdout: Data, stderr: Data)>, into output: KubectlOutput) {
        let (stdout, stderr) = collected.withLock { $0 }
        output.write(String(decoding: stdout, as: UTF8.self))
        output.stderr += String(decoding: stderr, as: UTF8.self)
    }

    /// The container to exec into: `-c`, the `kubectl.kubernetes.io/default-container` annotation, else the first
    /// (with kubectl's `Defaulted container …` note when the pod has several).
    static func execContainer(
        _ pod: JSONValue, requested: String?, quiet: Bool, note: (String) -> Void
    ) -> String {
        if let requested, !requested.isEmpty { return requested }
        let containers = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod[path: ["spec", "initContainers"]]?.arrayValue ?? [])
            .compactMap { $0["name"]?.stringValue }
        if let annotated = pod.annotations["kubectl.kubernetes.io/default-container"], containers.contains(annotated) {
            return annotated
        }
        let name = containers.first ?? ""
        if !quiet, containers.count + initContainers.count > 1 {
            let all = containers + initContainers.map { "\($0) (init)" }
            note("Defaulted container \"\(name)\" out of: \(all.joined(separator: ", "))")
        }
        return name
    }

    /// `…/pods/NAME/exec?command=…&command=…&container=C&stderr=true&stdin=true&stdout=true` (kubectl's order).
    static func execPath(namespace: String, pod: String, container: String, command: [String], stdin: Bool) -> String {
        var query = command.map { "command=\(KubeClient.escape($0))" }
        query.append("container=\(KubeClient.escape(container))")
        query.append("stderr=true")
        if stdin { query.append("stdin=true") }
        query.append("stdout=true")
        return ResourceType.pods.objectPath(namespace: namespace, name: pod, subresource: "exec") + "?"
            + query.joined(separator: "&")
    }

    /// How kubectl reports a refused upgrade: the server's Status, else `unable to upgrade connection: <body>`.
    static func refusal(code: Int, body: Data) -> any Error {
        if let json = try? JSONValue(parsing: body), let status = APIStatus(json: json) { return status }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return KubectlError.error("unable to upgrade connection: \(text.isEmpty ? "HTTP \(code)" : text)")
    }

    /// The pod `exec TYPE/NAME` runs in: the pod itself, else the first pod its selector picks (running first).
    private func execPod(_ type: ResourceType, name: String, namespace: String) async throws -> JSONValue {
        let object = try await client.get(type, namespace: scope(type, namespace), name: name)
        if type == .pods { return object }
        let selector =
            type == .services
            ? KubectlFormat.labelList(JSONValue.stringMap(object[path: ["spec", "selector"]]))
            : Self.selectorString(object[path: ["spec", "selector"]])
        guard selector != "<none>", !selector.isEmpty else {
            throw KubectlError.error("cannot attach to \(type.kind): selector is empty")
        }
        let list = try await listAll(.pods, namespace: namespace, labelSelector: selector)
        let pods = (list["items"]?.arrayValue ?? []).sorted { lhs, rhs in
            let leftActive = lhs[path: ["status", "phase"]]?.stringValue == "Running"
            let rightActive = rhs[path: ["status", "phase"]]?.stringValue == "Running"
            if leftActive != rightActive { return leftActive }
            return lhs.name < rhs.name
        }
        guard let pod = pods.first else { throw KubectlError.error("timed out waiting for the condition") }
        return pod
    }
}
