import Foundation

/// The PEM files of a cluster's PKI inside a directory (`ca.crt`, `ca.key`, `apiserver.crt`, `apiserver.key`).
///
/// Files are written atomically with mode 0600; the directory is created (mode 0700) when missing.
public struct TLSFiles: Sendable, Equatable {
    /// The directory holding the files.
    public var directory: String

    /// The CA certificate file name.
    public static let caCertificateName = "ca.crt"
    /// The CA key file name.
    public static let caKeyName = "ca.key"
    /// The serving certificate file name.
    public static let serverCertificateName = "apiserver.crt"
    /// The serving key file name.
    public static let serverKeyName = "apiserver.key"

    /// Creates a handle on a directory; nothing is touched until you read or write.
    public init(directory: String) {
        self.directory = directory
    }

    /// The full path of the CA certificate.
    public var caCertificatePath: String { path(Self.caCertificateName) }
    /// The full path of the CA key.
    public var caKeyPath: String { path(Self.caKeyName) }
    /// The full path of the serving certificate.
    public var serverCertificatePath: String { path(Self.serverCertificateName) }
    /// The full path of the serving key.
    public var serverKeyPath: String { path(Self.serverKeyName) }

    /// Writes the CA certificate and key.
    public func writeCA(_ authority: CertificateAuthority) throws {
        try write(authority.certificatePEM, to: caCertificatePath)
        try write(authority.privateKeyPEM, to: caKeyPath)
    }

    /// Reads the CA, or returns nil when either file is missing. Throws for unreadable or invalid files.
    public func readCA() throws -> CertificateAuthority? {
        guard let certificate = try read(caCertificatePath), let key = try read(caKeyPath) else { return nil }
        return try CertificateAuthority(certificatePEM: certificate, privateKeyPEM: key)
    }

    /// Writes the serving certificate and key.
    public func writeServer(certificatePEM: String, privateKeyPEM: String) throws {
        try write(certificatePEM, to: serverCertificatePath)
        try write(privateKeyPEM, to: serverKeyPath)
    }

    /// Reads the serving certificate and key, or nil when either file is missing.
    public func readServer() throws -> (certificatePEM: String, privateKeyPEM: String)? {
        guard let certificate = try read(serverCertificatePath), let key = try read(serverKeyPath) else { return nil }
        return (certificate, key)
    }

    /// Writes `text` to `path` atomically with mode 0600, creating the parent directory (0700) if needed.
    public static func writeSecret(_ text: String, to path: String) throws {
        let manager = FileManager.default
        let parent = (path as NSString).deletingLastPathComponent
        do {
            if !parent.isEmpty, !manager.fileExists(atPath: parent) {
                try manager.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
                )
            }
            // Write to a private temporary file first so the secret is never readable by others, then rename.
            let temporary = path + ".tmp-\(UUID().uuidString)"
            guard
                manager.createFile(
                    atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]
                )
            else {
                throw CocoaError(.fileWriteUnknown)
            }
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
            if rename(temporary, path) != 0 {
                try? manager.removeItem(atPath: temporary)
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw TLSError(code: .fileAccess, message: "could not write \(path)", cause: error)
        }
    }

    private func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    private func write(_ text: String, to path: String) throws {
        try Self.writeSecret(text, to: path)
    }

    private func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TLSError(code: .fileAccess, message: "could not read \(path)", cause: error)
        }
    }
}
