import Foundation

/// Resolves Service names to ClusterIPs from the file the service proxy keeps up to date
/// (`$OPSLAB_SERVICES_FILE`, JSON `{"<name>.<namespace>": "127.x.0.y", …}`), the way cluster DNS would.
///
/// `geo`, `geo.ns`, `geo.ns.svc` and `geo.ns.svc.cluster.local` all resolve; a bare name is relative to
/// the pod's namespace. The file is re-read at most once a second, so new Services become visible.
public final class ServiceResolver: @unchecked Sendable {
    /// The services file.
    public let path: String?
    /// The namespace bare names are relative to.
    public let namespace: String
    private let lock = NSLock()
    private var cache: [String: String] = [:]
    private var loadedAt: Date?

    /// Creates a resolver for a file and a namespace.
    public init(path: String?, namespace: String) {
        self.path = path
        self.namespace = namespace
    }

    /// Creates a resolver from a pod's environment (`OPSLAB_SERVICES_FILE`, `POD_NAMESPACE`).
    public convenience init(environment: [String: String]) {
        self.init(path: environment["OPSLAB_SERVICES_FILE"], namespace: environment["POD_NAMESPACE"] ?? "default")
    }

    /// The `<name>.<namespace>` key a host name refers to, or `nil` when it is not a Service name.
    public func key(for host: String) -> String? {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        for suffix in [".svc.cluster.local", ".svc"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return parts[0].isEmpty ? nil : "\(parts[0]).\(namespace)"
        case 2: return "\(parts[0]).\(parts[1])"
        default: return nil
        }
    }

    /// The address for a host: an IPv4 literal as is, a Service's ClusterIP, or `nil` when unknown.
    public func resolve(_ host: String) -> String? {
        if Self.isIPv4(host) { return host }
        if host == "localhost" { return "127.0.0.1" }
        guard let key = key(for: host) else { return nil }
        return table()[key]
    }

    /// Every known `<name>.<namespace>` → address.
    public func table() -> [String: String] {
        lock.lock()
        defer { lock.unlock() }
        if let loadedAt, Date().timeIntervalSince(loadedAt) < 1 { return cache }
        loadedAt = Date()
        guard let path, let data = FileManager.default.contents(atPath: path),
            let decoded = try? JSONDecoder().decode([String: String].self, from: data)
        else { return cache }
        cache = decoded
        return cache
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
