import Foundation
import OpsLabKube

/// Fetches one target's exposition text: a plain HTTP GET for pods and the stack's own endpoints, a GET through
/// the API server (with the cluster's credentials) for node targets.
///
/// Every fetch has a timeout and a size cap; a non-2xx answer, a timeout, an oversized body or a refused
/// connection throw ``TelemetryStackError`` (`scrapeFailed`), which the scraper records as `up 0`.
public struct TargetFetcher: Sendable {
    /// The API client used for ``DiscoveredTarget/Access/apiServer(path:)`` targets.
    public var apiTransport: (any KubeTransport)?
    /// The limit on one fetch.
    public var timeout: Duration
    /// The largest body read.
    public var maxBytes: Int

    /// The Accept header Prometheus sends for the text format.
    public static let accept = "text/plain;version=0.0.4;q=1,*/*;q=0.1"

    /// Creates a fetcher.
    public init(apiTransport: (any KubeTransport)?, timeout: Duration, maxBytes: Int) {
        self.apiTransport = apiTransport
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// Fetches the target's body as text.
    public func fetch(_ target: DiscoveredTarget) async throws -> String {
        let transport: any KubeTransport
        let path: String
        switch target.access {
        case .direct(let scheme, let address, let targetPath):
            guard scheme == "http" else {
                throw TelemetryStackError(
                    code: .scrapeFailed, message: "scheme \(scheme) is not supported for \(target.url)")
            }
            transport = try HTTPSTransport(
                server: "http://\(address)", caPEM: nil, token: nil, requestTimeout: nil,
                connectTimeout: min(timeout, .seconds(3)))
            path = targetPath
        case .apiServer(let apiPath):
            guard let apiTransport else {
                throw TelemetryStackError(code: .scrapeFailed, message: "no API client for \(target.url)")
            }
            transport = apiTransport
            path = apiPath
        }
        let request = KubeRequest(
            method: "GET", path: path,
            headers: [("Accept", Self.accept), ("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds)])
        let url = target.url
        let limit = maxBytes
        let timeout = timeout
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask { try await Self.read(request, from: transport, url: url, maxBytes: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TelemetryStackError(code: .scrapeFailed, message: "context deadline exceeded: \(url)")
            }
            defer { group.cancelAll() }
            guard let body = try await group.next() else { throw CancellationError() }
            return body
        }
    }

    private var timeoutSeconds: String {
        let components = timeout.components
        return String(Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }

    static func read(
        _ request: KubeRequest, from transport: any KubeTransport, url: String, maxBytes: Int
    ) async throws -> String {
        let response: KubeStreamingResponse
        do {
            response = try await transport.stream(request)
        } catch {
            throw TelemetryStackError(code: .scrapeFailed, message: "\(url): \(error)", underlying: error)
        }
        var body = Data()
        for try await chunk in response.body {
            body.append(chunk)
            if body.count > maxBytes {
                throw TelemetryStackError(
                    code: .scrapeFailed, message: "body size limit exceeded (\(maxBytes) bytes): \(url)")
            }
        }
        guard (200..<300).contains(response.status) else {
            throw TelemetryStackError(
                code: .scrapeFailed, message: "server returned HTTP status \(response.status) for \(url)")
        }
        return String(decoding: body, as: UTF8.self)
    }
}
