import Foundation
import OpsLabCore
import OpsLabKube

/// Where the cluster's Prometheus and Jaeger APIs are: the ClusterIPs of Services `prometheus` (port 9090)
/// and `jaeger` (port 16686) in namespace `observe`, read from the API like any client would.
public struct TelemetryEndpoints: Sendable, Equatable {
    /// `http://<ClusterIP>:9090`, or `nil` when the cluster has no `prometheus` Service.
    public var prometheus: String?
    /// `http://<ClusterIP>:16686`, or `nil` when the cluster has no `jaeger` Service.
    public var jaeger: String?

    /// Creates endpoints from base URLs.
    public init(prometheus: String?, jaeger: String?) {
        self.prometheus = prometheus
        self.jaeger = jaeger
    }

    /// The namespace the observability Services live in.
    public static let namespace = "observe"

    /// Looks the Services up through the API.
    public static func discover(_ client: KubeClient) async -> TelemetryEndpoints {
        async let prometheus = url(client, service: "prometheus", port: 9090)
        async let jaeger = url(client, service: "jaeger", port: 16686)
        return TelemetryEndpoints(prometheus: await prometheus, jaeger: await jaeger)
    }

    static func url(_ client: KubeClient, service: String, port: Int) async -> String? {
        guard let object = try? await client.get(.services, namespace: namespace, name: service),
            let ip = object[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty, ip != "None"
        else { return nil }
        return "http://\(ip):\(port)"
    }

    /// `text` percent-encoded for a URL query value.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
