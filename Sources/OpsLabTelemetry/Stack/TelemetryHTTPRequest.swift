/// One HTTP request as the telemetry servers hand it to a route handler.
public struct TelemetryHTTPRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The path without its query, e.g. `/api/v1/query`.
    public var path: String
    /// The query string's parameters, followed by a form-encoded body's.
    public var parameters: TelemetryQueryParameters
    /// The request headers (name, value) in order.
    public var headers: [(String, String)]
    /// The whole body.
    public var body: [UInt8]

    /// Creates a request.
    public init(
        method: String, path: String, parameters: TelemetryQueryParameters = TelemetryQueryParameters(),
        headers: [(String, String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.headers = headers
        self.body = body
    }

    /// The first header with the given name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// Name → first value of the merged parameters (the shape most handlers take).
    public var query: [String: String] { parameters.firstValues }
}

/// One HTTP response from a route handler.
public struct TelemetryHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The Content-Type header.
    public var contentType: String
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// Creates a response with a text body.
    public init(status: Int, contentType: String = "text/plain; charset=utf-8", text: String) {
        self.init(status: status, contentType: contentType, body: Array(text.utf8))
    }

    /// A `404 page not found` answer, as Go's HTTP servers give it.
    public static let notFound = TelemetryHTTPResponse(status: 404, text: "404 page not found\n")
}
