import Logging
import NIOSSL
import ServiceLifecycle

/// The API server as a long-running service: HTTPS on `127.<block>.0.1:<port>`, bearer-token auth,
/// requests answered by an ``APIRouter``.
public struct APIServer: Service {
    let server: HTTPServer
    let onReady: @Sendable (Int) -> Void

    /// Creates the server.
    ///
    /// - Parameter onReady: called with the bound port once the listener is up.
    public init(
        context: ClusterContext, router: APIRouter, tls: NIOSSLContext?,
        onReady: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.server = HTTPServer(
            host: context.configuration.apiAddress, port: context.configuration.apiPort, tls: tls,
            logger: Logger(label: "opslab.apiserver"), handler: { await router.handle($0) })
        self.onReady = onReady
    }

    /// Serves until cancelled.
    public func run() async throws {
        try await server.run(onBound: onReady)
    }
}
