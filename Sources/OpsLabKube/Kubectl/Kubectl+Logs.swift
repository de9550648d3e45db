import Foundation
import OpsLabCore

extension Kubectl {
    func runLogs(_ context: CommandContext) async throws {
        let args = context.args
        let output = context.output
        let namespace = self.namespace(args)
        let pod: JSONValue
        if let selector = args.value("selector") {
            let list = try await listAll(.pods, namespace: namespace, labelSelector: selector)
            let pods = list["items"]?.arrayValue ?? []
            guard !pods.isEmpty else {
                output.note("No resources found in \(namespace) namespace.")
                return
            }
            for candidate in pods {
                try await printLogs(
                    candidate, namespace: namespace, args: args, output: output,
                    prefix: args.flag("prefix"), quietDefault: true)
            }
            return
        }
        guard let first = args.positionals.first else {
            throw KubectlError.error(
                "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or "
                    + "TYPE/NAME is a required argument for the logs command\n"
                    + "See 'kubectl logs -h' for help and examples"
            )
        }
        var args2 = args
        if args.positionals.count > 1, args2.values["container"] == nil {
            args2.values["container"] = [args.positionals[1]]
        }
        if first.contains("/") {
            let item = try await resolveSingle([first], verb: "logs")
            pod = try await podFor(item.type, name: item.name, namespace: namespace, output: output)
        } else {
            pod = try await client.get(.pods, namespace: namespace, name: first)
        }
        try await printLogs(
            pod, namespace: namespace, args: args2, output: output, prefix: args.flag("prefix"),
            quietDefault: false)
    }

    /// The pod whose logs `logs TYPE/NAME` shows: the object itself for pods, else the first pod its selector picks.
    private func podFor(
        _ type: ResourceType, name: String, namespace: String, output: KubectlOutput
    ) async throws
        -> JSONValue
    {
        let object = try await client.get(type, namespace: scope(type, namespace), name: name)
        if type == .pods { return object }
        let selector: String
        if type == .services {
            selector = KubectlFormat.labelList(JSONValue.stringMap(object[path: ["spec", "selector"]]))
        } else {
            selector = Self.selectorString(object[path: ["spec", "selector"]])
        }
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
        guard let pod = pods.first else {
            throw KubectlError.error("timed out waiting for the condition")
        }
        if pods.count > 1 { output.note("Found \(pods.count) pods, using pod/\(pod.name)") }
        return pod
    }

    /// A label selector object (`matchLabels` and `matchExpressions`) as `k=v,k2 in (a,b)` text.
    static func selectorString(_ selector: JSONValue?) -> String {
        guard let selector else { return "<none>" }
        var parts = JSONValue.stringMap(selector["matchLabels"]).sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value)"
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression["operator"]?.stringValue ?? "" {
            case "In": parts.append("\(key) in (\(values.joined(separator: ",")))")
            case "NotIn": parts.append("\(key) notin (\(values.joined(separator: ",")))")
            case "Exists": parts.append(key)
            case "DoesNotExist": parts.append("!\(key)")
            default: continue
            }
        }
        return parts.isEmpty ? "<none>" : parts.joined(separator: ",")
    }

    private func printLogs(
        _ pod: JSONValue, namespace: String, args: ParsedArguments, output: KubectlOutput, prefix: Bool,
        quietDefault: Bool
    ) async throws {
        let containers = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod[path: ["spec", "initContainers"]]?.arrayValue ?? [])
            .compactMap { $0["name"]?.stringValue }
        var chosen: [String]
        if args.flag("all-containers") {
            chosen = initContainers + containers
        } else if let container = args.value("container") {
            chosen = [container]
        } else {
            let annotated = pod.annotations["kubectl.kubernetes.io/default-container"]
            let name = annotated.flatMap { containers.contains($0) ? $0 : nil } ?? containers.first ?? ""
            if !quietDefault, annotated == nil, containers.count + initContainers.count > 1 {
                let all = containers + initContainers.map { "\($0) (init)" }
                output.note("Defaulted container \"\(name)\" out of: \(all.joined(separator: ", "))")
            }
            chosen = [name]
        }
        for container in chosen {
            var query = ["container=\(KubeClient.escape(container))"]
            if args.flag("previous") { query.append("previous=true") }
            if args.flag("timestamps") { query.append("timestamps=true") }
            if let tail = try args.int("tail"), tail >= 0 { query.append("tailLines=\(tail)") }
            if let limit = try args.int("limit-bytes") { query.append("limitBytes=\(limit)") }
            if let since = args.value("since") {
                guard let seconds = KubectlFormat.parseDuration(since) else {
                    throw KubectlError.error(
                        "invalid argument \"\(since)\" for \"--since\" flag: time: invalid "
                            + "duration \"\(since)\"")
                }
                query.append("sinceSeconds=\(max(1, Int(seconds.rounded(.up))))")
            }
            if let sinceTime = args.value("since-time") { query.append("sinceTime=\(KubeClient.escape(sinceTime))") }
            let path =
                ResourceType.pods.objectPath(namespace: namespace, name: pod.name, subresource: "log")
                + "?" + query.joined(separator: "&")
            let text = try await client.text(path)
            if prefix {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                    text.hasSuffix("\n") ? 1 : 0)
                {
                    output.line("[pod/\(pod.name)/\(container)] \(line)")
                }
            } else {
                output.write(text)
            }
        }
    }
}
