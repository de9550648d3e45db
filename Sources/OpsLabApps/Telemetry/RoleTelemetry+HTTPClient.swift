import Foundation
import Prometheus
import Tracing

extension RoleTelemetry {
    /// Runs one outbound call inside a client span, with `traceparent` injected into `headers`, and records the
    /// call's metrics under the peer (the URL's host, e.g. `geo`).
    ///
    /// The span (child of `ServiceContext.current`) is named `<METHOD> <route>` and carries `peer.service`,
    /// `http.request.method`, `http.route`, `server.address`, `server.port` and `http.response.status_code`; a
    /// 4xx/5xx answer or a failure sets the error status (a failure's message is the Go-style error text).
    public func observeClient(
        method: String, url: String, headers: [(String, String)],
        _ perform: @Sendable ([(String, String)]) async throws -> RoleHTTPResponse
    ) async throws -> RoleHTTPResponse {
        let target = RoleURL(url)
        let peer = peers.bounded(target?.host ?? "invalid")
        let route = clientRoutes.label(for: target?.requestTarget ?? "/")
        let verb = RouteTemplate.method(method)
        let span = startSpan("\(verb) \(route)", context: ServiceContext.current ?? .topLevel, kind: .client)
        if span.isRecording {
            span.updateAttributes { attributes in
                attributes["peer.service"] = peer
                attributes["http.request.method"] = verb
                attributes["http.route"] = route
                if let target {
                    attributes["server.address"] = target.host
                    attributes["server.port"] = Int64(target.port)
                }
            }
        }
        var headers = headers
        inject(span.context, into: &headers)
        let waiting = registry.makeGauge(
            descriptor: Self.descriptor(RoleMetricName.httpClientInFlight, "Outbound HTTP calls awaiting an answer."),
            labels: [("peer_service", peer)])
        waiting.increment()
        defer { waiting.decrement() }
        let start = ContinuousClock.now
        do {
            let response = try await perform(headers)
            recordClient(peer: peer, route: route, code: String(response.status), duration: ContinuousClock.now - start)
            if span.isRecording {
                span.attributes["http.response.status_code"] = Int64(response.status)
                if response.status >= 400 {
                    span.attributes["error.type"] = String(response.status)
                    Self.fail(span, error: nil, message: Self.errorText(of: response))
                }
            }
            span.end()
            return response
        } catch {
            let errorClass = Self.errorClass(of: error)
            recordClient(peer: peer, route: route, code: "error", duration: ContinuousClock.now - start)
            registry.makeCounter(
                descriptor: Self.descriptor(
                    RoleMetricName.httpClientErrors, "Outbound HTTP calls that failed without a response."),
                labels: [("peer_service", peer), ("error", errorClass)]
            ).increment()
            if span.isRecording {
                span.attributes["error.type"] = errorClass
                Self.fail(span, error: error, message: "\(error)")
            }
            span.end()
            throw error
        }
    }

    /// The `error` label of a failed call: the ``RoleHTTPClientError`` kind in snake case
    /// (`connection_refused`, `timeout`, `eof`, `connection_reset`, `no_such_host`, `invalid_url`, `other`),
    /// or `cancelled`.
    public static func errorClass(of error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        guard let error = error as? RoleHTTPClientError else { return "other" }
        switch error.kind {
        case .noSuchHost: return "no_such_host"
        case .connectionRefused: return "connection_refused"
        case .timeout: return "timeout"
        case .eof: return "eof"
        case .connectionReset: return "connection_reset"
        case .invalidURL: return "invalid_url"
        case .other: return "other"
        }
    }

    /// Counts one outbound call and records its duration.
    func recordClient(peer: String, route: String, code: String, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.descriptor(RoleMetricName.httpClientRequests, "Outbound HTTP calls by peer service."),
            labels: [("peer_service", peer), ("route", route), ("code", code)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(RoleMetricName.httpClientDuration, "Time of an outbound HTTP call."),
            labels: [("peer_service", peer)], buckets: RoleMetricName.latencyBuckets
        ).record(duration)
    }
}
