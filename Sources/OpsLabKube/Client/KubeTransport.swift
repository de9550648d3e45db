import Foundation

/// One HTTP request to an API server.
public struct KubeRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path with its query, e.g. `/api/v1/namespaces/default/pods?limit=500`.
    public var path: String
    /// Extra headers (the transport adds the bearer token and Host).
    public var headers: [(String, String)]
    /// The request body, if any.
    public var body: Data?

    /// Creates a request.
    public init(method: String, path: String, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response from an API server.
public struct KubeResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The response headers.
    public var headers: [(String, String)]
    /// The whole body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with the given name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// The start of a streaming response (watch, `logs -f`): its status and its body as chunks.
public struct KubeStreamingResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The body as it arrives.
    public var body: AsyncThrowingStream<Data, any Error>

    /// Creates a streaming response.
    public init(status: Int, body: AsyncThrowingStream<Data, any Error>) {
        self.status = status
        self.body = body
    }
}

/// Sends requests to an API server: HTTPS with a bearer token in production, an in-memory fake in tests.
public protocol KubeTransport: Sendable {
    /// Sends a request and collects the whole response.
    func send(_ request: KubeRequest) async throws -> KubeResponse
    /// Sends a request and streams the response body; cancelling the consumer closes the connection.
    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse
}

/// The API server could not be reached at all.
public struct KubeConnectionError: Error, Sendable, CustomStringConvertible {
    /// `host:port` of the server.
    public var server: String
    /// The underlying cause, for humans.
    public var cause: String

    /// Creates an error.
    public init(server: String, cause: String) {
        self.server = server
        self.cause = cause
    }

    /// kubectl's wording: `The connection to the server … was refused - did you specify the right host or port?`
    public var description: String {
        "The connection to the server \(server) was refused - did you specify the right host or port?"
    }
}
