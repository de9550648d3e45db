import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-signed certificate authority that issues the API server's serving certificate.
///
/// Generated keys are ECDSA P-256 (accepted by kubectl 1.20+ and every Go TLS stack); a loaded CA may also use
/// P-384, P-521 or RSA. The CA certificate and key round-trip through PEM so a restarted cluster can keep trusting
/// the kubeconfig it already handed out.
public struct CertificateAuthority: Sendable {
    /// The CA certificate, PEM encoded (`-----BEGIN CERTIFICATE-----`).
    public var certificatePEM: String
    /// The CA private key, PEM encoded (PKCS#8, `-----BEGIN PRIVATE KEY-----`).
    public var privateKeyPEM: String

    private let certificate: Certificate
    private let privateKey: Certificate.PrivateKey

    /// How far in the past `notBefore` is placed, to tolerate small clock skew.
    static let backdate: TimeInterval = 60
    /// The validity of issued server certificates (one year).
    static let serverValidity: TimeInterval = 365 * 24 * 3600
    /// The validity of the CA itself (ten years).
    static let caValidity: TimeInterval = 10 * 365 * 24 * 3600

    /// Loads a CA from its certificate and private key (PKCS#8 or SEC1), both PEM encoded.
    ///
    /// Throws ``TLSError`` when either PEM is malformed or the key does not belong to the certificate.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        do {
            self.certificate = try Certificate(pemEncoded: certificatePEM)
            self.privateKey = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw TLSError(code: .invalidPEM, message: "the CA certificate or key is not valid PEM", cause: error)
        }
        guard certificate.publicKey == privateKey.publicKey else {
            throw TLSError(code: .keyMismatch, message: "the CA private key does not match the CA certificate")
        }
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    private init(certificate: Certificate, privateKey: Certificate.PrivateKey) throws {
        self.certificate = certificate
        self.privateKey = privateKey
        self.certificatePEM = try certificate.serializeAsPEM().pemString
        self.privateKeyPEM = try privateKey.serializeAsPEM().pemString
    }

    /// Generates a fresh self-signed CA (basic constraints CA:TRUE, keyCertSign + cRLSign, valid ten years).
    public static func generate(commonName: String = "opslab-ca") throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let name = try DistinguishedName {
            OrganizationName("opslab")
            CommonName(commonName)
        }
        let now = Date()
        do {
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: now.addingTimeInterval(-backdate),
                notValidAfter: now.addingTimeInterval(caValidity),
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: publicKey)
                },
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
            return try CertificateAuthority(certificate: certificate, privateKey: Certificate.PrivateKey(key))
        } catch {
            throw TLSError(code: .generationFailed, message: "could not create the CA certificate", cause: error)
        }
    }

    /// Issues a serving certificate signed by this CA, for the given IP and DNS subject alternative names.
    ///
    /// The certificate carries the serverAuth extended key usage, is valid for one year starting a minute ago, and
    /// its common name is the first DNS name (or IP). Throws ``TLSError`` for an unparsable IP address.
    public func issueServerCertificate(
        ipAddresses: [String], dnsNames: [String]
    ) throws
        -> (certificatePEM: String, privateKeyPEM: String)
    {
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in ipAddresses {
            guard let bytes = Self.ipAddressBytes(ip) else {
                throw TLSError(code: .invalidIPAddress, message: "'\(ip)' is not an IPv4 or IPv6 address")
            }
            names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let commonName = dnsNames.first ?? ipAddresses.first ?? "opslab-apiserver"
        let subject = try DistinguishedName {
            OrganizationName("opslab")
            CommonName(commonName)
        }
        let now = Date()
        do {
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: now.addingTimeInterval(-Self.backdate),
                notValidAfter: now.addingTimeInterval(Self.serverValidity),
                issuer: self.certificate.subject,
                subject: subject,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectKeyIdentifier(hash: publicKey)
                    AuthorityKeyIdentifier(
                        keyIdentifier: SubjectKeyIdentifier(hash: self.certificate.publicKey).keyIdentifier
                    )
                    SubjectAlternativeNames(names)
                },
                issuerPrivateKey: self.privateKey
            )
            let pem = try certificate.serializeAsPEM().pemString
            return (pem, key.pemRepresentation)
        } catch {
            throw TLSError(code: .generationFailed, message: "could not issue the server certificate", cause: error)
        }
    }

    /// The network-order bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address, or nil if it is neither.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
