import Foundation
import Prometheus
import Tracing

extension RoleTelemetry {
    /// The route label of requests that no route answered (a 404).
    public static let unmatchedRoute = "unmatched"

    /// Runs `respond` for one server request inside a server span and records the request's metrics.
    ///
    /// The span continues the trace in the request's `traceparent` header (a new root trace without one), is
    /// named `<METHOD> <route>` (just `<METHOD>` for a 404), and carries `http.request.method`, `http.route`,
    /// `url.path`, `client.address` and `http.response.status_code`; a 5xx sets the error status with the
    /// response's error text. `respond` runs with the span's context as `ServiceContext.current`, so calls it
    /// makes through ``RoleHTTPClient`` become child spans.
    public func observeServer(
        _ request: RoleHTTPRequest, _ respond: @Sendable (RoleHTTPRequest) async -> RoleHTTPResponse
    ) async -> RoleHTTPResponse {
        let method = RouteTemplate.method(request.method)
        let parent = extractContext(from: request.headers)
        let span = startSpan("\(method) \(RouteTemplate.template(for: request.path))", context: parent, kind: .server)
        inFlight.increment()
        let start = ContinuousClock.now
        let response = await ServiceContext.$current.withValue(span.context) { await respond(request) }
        let duration = ContinuousClock.now - start
        inFlight.decrement()
        let route = response.status == 404 ? Self.unmatchedRoute : serverRoutes.label(for: request.path)
        recordServer(method: method, route: route, status: response.status, duration: duration)
        if span.isRecording {
            span.operationName = route == Self.unmatchedRoute ? method : "\(method) \(route)"
            span.updateAttributes { attributes in
                attributes["http.request.method"] = method
                if route != Self.unmatchedRoute { attributes["http.route"] = route }
                attributes["url.path"] = request.path
                if let remote = request.remoteAddress { attributes["client.address"] = remote }
                attributes["http.response.status_code"] = Int64(response.status)
            }
            if response.status >= 500 {
                span.attributes["error.type"] = String(response.status)
                Self.fail(span, error: nil, message: Self.errorText(of: response))
            }
        }
        span.end()
        return response
    }

    /// Counts one answered request and records its duration.
    func recordServer(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.descriptor(RoleMetricName.httpServerRequests, "HTTP requests answered by this role."),
            labels: [("method", method), ("route", route), ("code", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(RoleMetricName.httpServerDuration, "Time to answer an HTTP request."),
            labels: [("method", method), ("route", route)], buckets: RoleMetricName.latencyBuckets
        ).record(duration)
    }
}
