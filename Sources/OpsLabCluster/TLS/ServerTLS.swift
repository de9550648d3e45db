import NIOSSL

/// Builds the API server's TLS configuration from PEM material.
public enum ServerTLS {
    /// The only ALPN protocol the server offers: HTTP/1.1 (so kubectl never negotiates h2).
    public static let applicationProtocols = ["http/1.1"]

    /// A server `TLSConfiguration` (TLS 1.2+, ALPN `http/1.1`) for a certificate chain and its private key.
    ///
    /// `certificatePEM` may hold several certificates (leaf first). Throws ``TLSError`` for unparsable PEM.
    public static func makeServerConfiguration(
        certificatePEM: String, privateKeyPEM: String
    ) throws
        -> TLSConfiguration
    {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
            key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw TLSError(code: .invalidPEM, message: "the server certificate or key is not valid PEM", cause: error)
        }
        guard !chain.isEmpty else {
            throw TLSError(code: .invalidPEM, message: "the server certificate PEM holds no certificate")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = applicationProtocols
        // Clients rarely answer close_notify while a response streams; do not hold a closing connection for
        // NIOSSL's default 5 s, which would also delay shutting the server down.
        configuration.shutdownTimeout = .milliseconds(500)
        return configuration
    }

    /// A ready NIOSSL server context; add `NIOSSLServerHandler(context:)` first in each child channel.
    public static func makeServerContext(certificatePEM: String, privateKeyPEM: String) throws -> NIOSSLContext {
        let configuration = try makeServerConfiguration(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSError(code: .contextFailed, message: "could not create the server TLS context", cause: error)
        }
    }
}
