import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import OpsLabCluster
import OpsLabKube
import Synchronization
import Testing
import X509

@Suite("TLS")
struct TLSTests {
    static let token = "test-token-123"

    // MARK: certificates as values

    @Test func caIsSelfSignedCertificateAuthority() throws {
        let ca = try CertificateAuthority.generate()
        let certificate = try Certificate(pemEncoded: ca.certificatePEM)
        #expect(certificate.subject == certificate.issuer)
        #expect(certificate.subject.description.contains("CN=opslab-ca"))
        #expect(try certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try certificate.extensions.keyUsage?.keyCertSign == true)
        #expect(ca.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func serverCertificateHasSANsUsageAndValidity() throws {
        let ca = try CertificateAuthority.generate()
        let dnsNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"]
        let issued = try ca.issueServerCertificate(ipAddresses: ["127.23.0.1", "::1"], dnsNames: dnsNames)
        let certificate = try Certificate(pemEncoded: issued.certificatePEM)
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        #expect(certificate.issuer == caCertificate.subject)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        for name in dnsNames { #expect(names.contains(.dnsName(name))) }
        let ipBytes = names.compactMap { name -> [UInt8]? in
            if case .ipAddress(let octets) = name { return Array(octets.bytes) }
            return nil
        }
        #expect(ipBytes.contains([127, 23, 0, 1]))
        #expect(ipBytes.contains { $0.count == 16 && $0.last == 1 })
        let now = Date()
        #expect(certificate.notValidBefore < now.addingTimeInterval(-30))
        #expect(certificate.notValidAfter > now.addingTimeInterval(364 * 24 * 3600))
        #expect(certificate.notValidAfter < now.addingTimeInterval(366 * 24 * 3600))
        #expect(caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate))
    }

    @Test func invalidIPAddressIsRejected() throws {
        let ca = try CertificateAuthority.generate()
        #expect(throws: TLSError.self) { try ca.issueServerCertificate(ipAddresses: ["127.0.0"], dnsNames: []) }
    }

    @Test func caRoundTripsThroughPEMAndRejectsForeignKey() throws {
        let ca = try CertificateAuthority.generate()
        let loaded = try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: ca.privateKeyPEM)
        #expect(loaded.certificatePEM == ca.certificatePEM)
        let issued = try loaded.issueServerCertificate(ipAddresses: ["127.0.0.1"], dnsNames: [])
        let certificate = try Certificate(pemEncoded: issued.certificatePEM)
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        #expect(caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        let other = try CertificateAuthority.generate()
        do {
            _ = try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: other.privateKeyPEM)
            Issue.record("a foreign key was accepted")
        } catch let error as TLSError {
            #expect(error.code == .keyMismatch)
        }
        #expect(throws: TLSError.self) {
            try CertificateAuthority(certificatePEM: "not pem", privateKeyPEM: ca.privateKeyPEM)
        }
    }

    @Test func tlsFilesAreWrittenPrivatelyAndReadBack() throws {
        let directory = NSTemporaryDirectory() + "opslab-tls-\(UUID().uuidString)/pki"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let files = TLSFiles(directory: directory)
        #expect(try files.readCA() == nil)
        let ca = try CertificateAuthority.generate()
        try files.writeCA(ca)
        let issued = try ca.issueServerCertificate(ipAddresses: ["127.0.0.1"], dnsNames: ["localhost"])
        try files.writeServer(certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM)
        for path in [files.caCertificatePath, files.caKeyPath, files.serverCertificatePath, files.serverKeyPath] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(path)")
        }
        #expect(try files.readCA()?.privateKeyPEM == ca.privateKeyPEM)
        #expect(try files.readServer()?.certificatePEM == issued.certificatePEM)
    }

    @Test func serverContextAcceptsIssuedPairAndRejectsGarbage() throws {
        let ca = try CertificateAuthority.generate()
        let issued = try ca.issueServerCertificate(ipAddresses: ["127.0.0.1"], dnsNames: [])
        let configuration = try ServerTLS.makeServerConfiguration(
            certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM
        )
        #expect(configuration.applicationProtocols == ["http/1.1"])
        _ = try ServerTLS.makeServerContext(certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM)
        #expect(throws: TLSError.self) {
            try ServerTLS.makeServerContext(certificatePEM: "garbage", privateKeyPEM: issued.privateKeyPEM)
        }
    }

    // MARK: live HTTPS transport

    @Test func sendWorksWithTheRightCAAndToken() async throws {
        let pki = try TLSTestPKI()
        try await TLSTestServer.with(tls: pki.serverContext, token: Self.token) { server in
            let transport = try HTTPSTransport(
                server: "https://127.0.0.1:\(server.port)", caPEM: pki.ca, token: Self.token
            )
            let response = try await transport.send(KubeRequest(method: "GET", path: "/version"))
            #expect(response.status == 200)
            let json = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            #expect(json?["gitVersion"] as? String == "v1.32.0-opslab")
            let seen = try #require(server.events.lastRequest)
            #expect(seen.authorization == "Bearer \(Self.token)")
            #expect(seen.host == "127.0.0.1:\(server.port)")
            #expect(seen.userAgent?.hasPrefix("opslab-kubectl/") == true)

            let body = Data(#"{"kind":"Pod"}"#.utf8)
            let echoed = try await transport.send(
                KubeRequest(method: "POST", path: "/echo", headers: [("Content-Type", "application/json")], body: body)
            )
            #expect(echoed.status == 201)
            #expect(echoed.body == body)
            #expect(server.events.lastRequest?.contentLength == "\(body.count)")
            #expect(echoed.header("content-type") == "application/json")

            let anonymous = try HTTPSTransport(server: "https://localhost:\(server.port)", caPEM: pki.ca, token: nil)
            #expect(try await anonymous.send(KubeRequest(method: "GET", path: "/version")).status == 401)
        }
    }

    @Test func aDifferentCAFailsWithATLSError() async throws {
        let pki = try TLSTestPKI()
        let stranger = try CertificateAuthority.generate(commonName: "stranger")
        try await TLSTestServer.with(tls: pki.serverContext, token: Self.token) { server in
            let transport = try HTTPSTransport(
                server: "https://127.0.0.1:\(server.port)", caPEM: stranger.certificatePEM, token: Self.token,
                requestTimeout: .seconds(20)
            )
            do {
                _ = try await transport.send(KubeRequest(method: "GET", path: "/version"))
                Issue.record("the handshake succeeded with a foreign CA")
            } catch let error as HTTPTransportError {
                #expect(error.code == .tls)
                #expect(error.description.contains("certificate signed by unknown authority"))
            }
            #expect(server.events.lastRequest == nil)
        }
    }

    @Test func aCertificateForAnotherAddressFailsVerification() async throws {
        let ca = try CertificateAuthority.generate()
        let issued = try ca.issueServerCertificate(ipAddresses: ["127.0.0.2"], dnsNames: ["kubernetes"])
        let context = try ServerTLS.makeServerContext(
            certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM
        )
        try await TLSTestServer.with(tls: context, token: Self.token) { server in
            let transport = try HTTPSTransport(
                server: "https://127.0.0.1:\(server.port)", caPEM: ca.certificatePEM, token: Self.token
            )
            await #expect(throws: HTTPTransportError.self) {
                try await transport.send(KubeRequest(method: "GET", path: "/version"))
            }
        }
    }

    @Test func streamDeliversChunksIncrementallyAndClosesOnStop() async throws {
        let pki = try TLSTestPKI()
        try await TLSTestServer.with(tls: pki.serverContext, token: Self.token) { server in
            let transport = try HTTPSTransport(
                server: "https://127.0.0.1:\(server.port)", caPEM: pki.ca, token: Self.token
            )
            // The server sends one chunk and then holds the response open: only incremental delivery sees it.
            do {
                let response = try await transport.stream(KubeRequest(method: "GET", path: "/hold"))
                #expect(response.status == 200)
                var iterator = response.body.makeAsyncIterator()
                let first = try await iterator.next()
                #expect(first.map { String(decoding: $0, as: UTF8.self) } == "first\n")
            }
            // Dropping the stream closes the connection.
            try await server.events.waitUntilClosed(path: "/hold")

            let all = try await transport.stream(KubeRequest(method: "GET", path: "/chunks"))
            var text = ""
            var chunks = 0
            for try await chunk in all.body {
                chunks += 1
                text += String(decoding: chunk, as: UTF8.self)
            }
            #expect(text == "a\nb\nc\n")
            #expect(chunks >= 1)
        }
    }

    @Test func plainHTTPAndTimeoutsWork() async throws {
        try await TLSTestServer.with(tls: nil, token: Self.token) { server in
            let transport = try HTTPSTransport(
                server: "http://127.0.0.1:\(server.port)", caPEM: nil, token: Self.token,
                requestTimeout: .milliseconds(500)
            )
            #expect(try await transport.send(KubeRequest(method: "GET", path: "/version")).status == 200)
            let started = ContinuousClock.now
            do {
                _ = try await transport.send(KubeRequest(method: "GET", path: "/hang"))
                Issue.record("a hanging request returned")
            } catch let error as HTTPTransportError {
                #expect(error.code == .timeout)
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func connectionRefusedIsAKubeConnectionError() async throws {
        let port = try await TLSTestServer.unusedPort()
        let transport = try HTTPSTransport(server: "https://127.0.0.1:\(port)", caPEM: nil, token: nil)
        do {
            _ = try await transport.send(KubeRequest(method: "GET", path: "/version"))
            Issue.record("connected to a closed port")
        } catch let error as KubeConnectionError {
            #expect(error.server == "127.0.0.1:\(port)")
            #expect(error.description.contains("was refused"))
        }
    }

    @Test func transportFromKubeconfig() async throws {
        let pki = try TLSTestPKI()
        try await TLSTestServer.with(tls: pki.serverContext, token: Self.token) { server in
            let config = Kubeconfig(server: "https://127.0.0.1:\(server.port)", caPEM: pki.ca, token: Self.token)
            let reloaded = try Kubeconfig.parse(yaml: config.yaml())
            let transport = try HTTPSTransport(kubeconfig: reloaded)
            #expect(try await transport.send(KubeRequest(method: "GET", path: "/version")).status == 200)
        }
    }

    /// The real kubectl (when on PATH) accepts the generated kubeconfig, CA and serving certificate.
    @Test(.enabled(if: TLSTestPKI.kubectlPath != nil)) func realKubectlAcceptsKubeconfig() async throws {
        let pki = try TLSTestPKI()
        let directory = NSTemporaryDirectory() + "opslab-kubectl-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TLSTestServer.with(tls: pki.serverContext, token: Self.token) { server in
            let path = directory + "/kubeconfig"
            try Kubeconfig(server: "https://127.0.0.1:\(server.port)", caPEM: pki.ca, token: Self.token)
                .write(to: path)
            let output = try await TLSTestPKI.run(
                TLSTestPKI.kubectlPath ?? "kubectl", ["--kubeconfig", path, "version", "-o", "json"]
            )
            #expect(output.status == 0, "\(output.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            let serverVersion = json?["serverVersion"] as? [String: Any]
            #expect(serverVersion?["gitVersion"] as? String == "v1.32.0-opslab")
            #expect(server.events.lastRequest?.authorization == "Bearer \(Self.token)")
        }
    }
}
