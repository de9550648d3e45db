import Foundation
import OpsLabKube

/// The cluster's secrets: CA, API server certificate and the bearer token, created once per state
/// directory and reused on later starts (so an existing kubeconfig keeps working).
public struct ClusterCredentials: Sendable {
    /// The CA certificate (PEM), as the kubeconfig carries it.
    public var caPEM: String
    /// The API server's certificate (PEM).
    public var serverCertificatePEM: String
    /// The API server's private key (PEM).
    public var serverKeyPEM: String
    /// The bearer token every request must carry.
    public var token: String

    /// Loads the credentials of a state directory, creating what is missing; writes the kubeconfig.
    public static func prepare(_ configuration: ClusterConfiguration) throws -> ClusterCredentials {
        let files = TLSFiles(directory: configuration.pkiDirectory)
        try FileManager.default.createDirectory(atPath: configuration.pkiDirectory, withIntermediateDirectories: true)
        let authority: CertificateAuthority
        if let existing = try files.readCA() {
            authority = existing
        } else {
            authority = try CertificateAuthority.generate()
            try files.writeCA(authority)
        }
        let markerPath = configuration.pkiDirectory + "/apiserver.address"
        let recordedAddress = try? String(contentsOfFile: markerPath, encoding: .utf8)
        let server: (certificatePEM: String, privateKeyPEM: String)
        if let existing = try files.readServer(), recordedAddress == configuration.apiAddress {
            server = existing
        } else {
            server = try authority.issueServerCertificate(
                ipAddresses: [configuration.apiAddress],
                dnsNames: ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"])
            try files.writeServer(certificatePEM: server.certificatePEM, privateKeyPEM: server.privateKeyPEM)
            try configuration.apiAddress.write(toFile: markerPath, atomically: true, encoding: .utf8)
        }
        let tokenPath = configuration.pkiDirectory + "/token"
        var token =
            (try? String(contentsOfFile: tokenPath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if token.isEmpty {
            var generator = SystemRandomNumberGenerator()
            token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            try TLSFiles.writeSecret(token + "\n", to: tokenPath)
        }
        let credentials = ClusterCredentials(
            caPEM: authority.certificatePEM, serverCertificatePEM: server.certificatePEM,
            serverKeyPEM: server.privateKeyPEM, token: token)
        let kubeconfig = Kubeconfig(server: configuration.serverURL, caPEM: authority.certificatePEM, token: token)
        try kubeconfig.write(to: configuration.kubeconfigPath)
        return credentials
    }
}
