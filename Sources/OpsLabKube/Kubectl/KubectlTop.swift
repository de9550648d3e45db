import Foundation
import OpsLabCore

extension Kubectl {
    /// `top`'s flags (pod and node flags together).
    static let topSpec = FlagSpec().values("selector|l", "field-selector", "sort-by")
        .bools("all-namespaces|A", "containers", "no-headers", "sum", "show-capacity", "use-protocol-buffers")

    /// `kubectl top pod|node`: usage from the `metrics.k8s.io/v1beta1` API, printed as kubectl 1.32 prints it.
    func runTop(_ context: CommandContext) async throws {
        let args = context.args
        guard let subcommand = args.positionals.first else {
            context.output.write(Self.topHelp)
            return
        }
        let names = Array(args.positionals.dropFirst())
        if let sortBy = args.value("sort-by"), sortBy != "cpu", sortBy != "memory" {
            throw KubectlError.error("--sort-by accepts only cpu or memory")
        }
        switch subcommand {
        case "pod", "pods", "po":
            try await topPods(context, names: names)
        case "node", "nodes", "no":
            try await topNodes(context, names: names)
        default:
            throw KubectlError.error("unknown command \"\(subcommand)\" for \"kubectl top\"")
        }
    }

    /// Whether `/apis` lists `metrics.k8s.io` with version `v1beta1`.
    private func requireMetricsAPI() async throws {
        let groups = try await client.request("GET", "/apis")["groups"]?.arrayValue ?? []
        let available = groups.contains { group in
            group["name"]?.stringValue == "metrics.k8s.io"
                && (group["versions"]?.arrayValue ?? []).contains { $0["version"]?.stringValue == "v1beta1" }
        }
        if !available { throw KubectlError.error("Metrics API not available") }
    }

    private func topPods(_ context: CommandContext, names: [String]) async throws {
        let args = context.args
        if names.count > 1 {
            throw KubectlError.error("Usage: kubectl top pod [NAME | -l label]")
        }
        let selector = args.value("selector")
        let fieldSelector = args.value("field-selector")
        if !names.isEmpty && (selector != nil || fieldSelector != nil) {
            throw KubectlError.error("only one of NAME or selector can be provided")
        }
        try await requireMetricsAPI()
        let allNamespaces = args.flag("all-namespaces")
        let namespace = namespace(args)
        let base =
            allNamespaces
            ? "/apis/metrics.k8s.io/v1beta1/pods" : "/apis/metrics.k8s.io/v1beta1/namespaces/\(namespace)/pods"
        var items: [JSONValue]
        if let name = names.first {
            items = [try await client.request("GET", "\(base)/\(KubeClient.escape(name))")]
        } else {
            var query: [String] = []
            if let selector { query.append("labelSelector=\(KubeClient.escape(selector))") }
            if let fieldSelector { query.append("fieldSelector=\(KubeClient.escape(fieldSelector))") }
            let path = query.isEmpty ? base : base + "?" + query.joined(separator: "&")
            items = try await client.request("GET", path)["items"]?.arrayValue ?? []
        }
        if items.isEmpty {
            try await verifyEmptyMetrics(namespace: namespace, selector: selector, fieldSelector: fieldSelector)
            context.output.note(
                allNamespaces ? "No resources found" : "No resources found in \(namespace) namespace.")
        }
        let pods = items.map { item in
            KubectlTopPrinter.Pod(
                namespace: item[path: ["metadata", "namespace"]]?.stringValue ?? "",
                name: item[path: ["metadata", "name"]]?.stringValue ?? "",
                containers: (item["containers"]?.arrayValue ?? []).map { container in
                    (container["name"]?.stringValue ?? "", Self.topUsage(container["usage"]))
                }
            )
        }
        context.output.write(
            KubectlTopPrinter.pods(
                pods, containers: args.flag("containers"), withNamespace: allNamespaces,
                noHeaders: args.flag("no-headers"), sortBy: args.value("sort-by"), sum: args.flag("sum")))
    }

    /// Why a pod metrics list came back empty (kubectl's `verifyEmptyMetrics`): nothing to report when the
    /// namespace has no matching pods, an error naming a pod older than two minutes, else "not available yet".
    private func verifyEmptyMetrics(namespace: String, selector: String?, fieldSelector: String?) async throws {
        let pods =
            try await client.list(
                .pods, namespace: namespace, labelSelector: selector, fieldSelector: fieldSelector)["items"]?
            .arrayValue ?? []
        if pods.isEmpty { return }
        let now = environment.now()
        for pod in pods {
            guard let created = pod[path: ["metadata", "creationTimestamp"]]?.stringValue,
                let date = ISO8601DateFormatter().date(from: created)
            else { continue }
            let age = now.timeIntervalSince(date)
            if age > 120 {
                let seconds = Int(age)
                let text =
                    seconds >= 3600
                    ? "\(seconds / 3600)h\(seconds / 60 % 60)m\(seconds % 60)s" : "\(seconds / 60)m\(seconds % 60)s"
                throw KubectlError.error(
                    "Metrics not available for pod \(pod.namespace ?? namespace)/\(pod.name), age: \(text)")
            }
        }
        throw KubectlError.error("metrics not available yet")
    }

    private func topNodes(_ context: CommandContext, names: [String]) async throws {
        let args = context.args
        if names.count > 1 {
            throw KubectlError.error("Usage: kubectl top node [NAME | -l label]")
        }
        let selector = args.value("selector")
        if !names.isEmpty && selector != nil {
            throw KubectlError.error("only one of NAME or --selector can be provided")
        }
        try await requireMetricsAPI()
        let base = "/apis/metrics.k8s.io/v1beta1/nodes"
        let items: [JSONValue]
        let nodes: [JSONValue]
        if let name = names.first {
            items = [try await client.request("GET", "\(base)/\(KubeClient.escape(name))")]
            nodes = [try await client.get(.nodes, namespace: nil, name: name)]
        } else {
            let path = selector.map { base + "?labelSelector=\(KubeClient.escape($0))" } ?? base
            items = try await client.request("GET", path)["items"]?.arrayValue ?? []
            if items.isEmpty { throw KubectlError.error("metrics not available yet") }
            nodes = try await client.list(.nodes, namespace: nil, labelSelector: selector)["items"]?.arrayValue ?? []
        }
        let field = args.flag("show-capacity") ? "capacity" : "allocatable"
        var available: [String: KubectlTopPrinter.Usage] = [:]
        for node in nodes { available[node.name] = Self.topUsage(node[path: ["status", field]]) }
        let rows = items.map { item in
            let name = item[path: ["metadata", "name"]]?.stringValue ?? ""
            return KubectlTopPrinter.Node(name: name, usage: Self.topUsage(item["usage"]), allocatable: available[name])
        }
        // Nodes listed without metrics get `<unknown>` rows after the others.
        let missing = nodes.map(\.name).filter { name in !rows.contains { $0.name == name } }.sorted()
        context.output.write(
            KubectlTopPrinter.nodes(
                rows, missing: missing, noHeaders: args.flag("no-headers"), sortBy: args.value("sort-by")))
    }

    /// A `usage` (or allocatable) object's cpu and memory.
    static func topUsage(_ usage: JSONValue?) -> KubectlTopPrinter.Usage {
        KubectlTopPrinter.Usage(
            nanocores: usage?["cpu"]?.stringValue.flatMap(KubectlTopPrinter.nanocores) ?? 0,
            bytes: usage?["memory"]?.stringValue.flatMap(KubectlTopPrinter.bytes) ?? 0)
    }

    static let topHelp = """
        Display resource (CPU/memory) usage.

         The top command allows you to see the resource consumption for nodes or pods.

         This command requires Metrics Server to be correctly configured and working on the server.

        Available Commands:
          node          Display resource (CPU/memory) usage of nodes
          pod           Display resource (CPU/memory) usage of pods

        Usage:
          kubectl top [flags] [options]

        """
}
