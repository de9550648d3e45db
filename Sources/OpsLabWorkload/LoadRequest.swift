/// One HTTP request a load run sends: method, origin-form target and optional body.
public struct LoadRequest: Sendable, Hashable {
    /// The HTTP method, e.g. `GET` or `POST`.
    public var method: String
    /// The path and query, e.g. `/hotels?inDate=2015-04-09&…`; always starts with `/`.
    public var target: String
    /// The body, if any; `POST` without a body is sent with `Content-Length: 0`.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", target: String, body: [UInt8]? = nil) {
        self.method = method
        self.target = target
        self.body = body
    }
}
