/// One scrape target found by ``TargetDiscovery``: where to fetch it and the labels its series get.
public struct DiscoveredTarget: Sendable, Hashable, CustomStringConvertible {
    /// How the target is reached.
    public enum Access: Sendable, Hashable {
        /// A plain HTTP GET of `http://<address><path>` (pods, the stack's own endpoints).
        case direct(scheme: String, address: String, path: String)
        /// A GET through the API server (with the kubeconfig's credentials), e.g. a node's cAdvisor metrics at
        /// `/api/v1/nodes/<node>/proxy/metrics/cadvisor`.
        case apiServer(path: String)
    }

    /// The job: `kubernetes-pods`, `kubelet-cadvisor` or `kube-state-metrics`.
    public var job: String
    /// How the target is reached.
    public var access: Access
    /// The target's labels, `job` and `instance` included.
    public var labels: [String: String]

    /// Creates a target; `job` is added to `labels`.
    public init(job: String, access: Access, labels: [String: String]) {
        self.job = job
        self.access = access
        var labels = labels
        labels["job"] = job
        self.labels = labels
    }

    /// The `instance` label.
    public var instance: String { labels["instance"] ?? "" }

    /// The URL scraped, as Prometheus shows it in `/api/v1/targets` (`scrapeUrl`).
    public var url: String {
        switch access {
        case .direct(let scheme, let address, let path): return "\(scheme)://\(address)\(path)"
        case .apiServer(let path): return Self.apiServerURL + path
        }
    }

    /// The base of API-server targets' URLs, as Prometheus's in-cluster configs show them.
    public static let apiServerURL = "https://kubernetes.default.svc:443"

    /// The access a scrape URL stands for: through the API server for ``apiServerURL`` URLs, else a direct GET;
    /// `nil` for a URL without scheme or host.
    public static func access(forURL url: String) -> Access? {
        if url.hasPrefix(apiServerURL + "/") { return .apiServer(path: String(url.dropFirst(apiServerURL.count))) }
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = String(url[..<schemeEnd.lowerBound]).lowercased()
        let rest = url[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let address = String(rest[..<slash])
        guard !scheme.isEmpty, !address.isEmpty else { return nil }
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        return .direct(scheme: scheme, address: address, path: path)
    }

    /// `<job>/<instance>`.
    public var description: String { "\(job)/\(instance)" }
}
