import Foundation
import Testing

@testable import OpsLabKube

@Suite("Kubeconfig")
struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

    /// A kubeconfig shaped like the one `kind create cluster` writes (client-certificate auth).
    static let kindYAML = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())
            server: https://127.0.0.1:40915
          name: kind-kind
        contexts:
        - context:
            cluster: kind-kind
            user: kind-kind
          name: kind-kind
        current-context: kind-kind
        kind: Config
        preferences: {}
        users:
        - name: kind-kind
          user:
            client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
            client-key-data: \(Data("KEY".utf8).base64EncodedString())
        """

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "opslab-kubeconfig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func yamlRoundTrip() throws {
        var config = Kubeconfig(
            server: "https://127.23.0.1:6443", caPEM: Self.caPEM, token: "s3cret", clusterName: "lab"
        )
        config.namespace = "test-hotel"
        let text = config.yaml()
        #expect(text.contains("apiVersion: v1"))
        #expect(text.contains("kind: Config"))
        #expect(text.contains("current-context: lab"))
        #expect(text.contains("certificate-authority-data: \(Data(Self.caPEM.utf8).base64EncodedString())"))
        #expect(text.contains("token: s3cret"))
        let loaded = try Kubeconfig.parse(yaml: text)
        #expect(loaded == config)
        #expect(loaded.server == "https://127.23.0.1:6443")
        #expect(loaded.caPEM == Self.caPEM)
        #expect(loaded.token == "s3cret")
        #expect(loaded.namespace == "test-hotel")
        #expect(loaded.userName == "lab-admin")
    }

    @Test func longValuesStayOnOneLine() throws {
        let longPEM = Self.caPEM + String(repeating: "A", count: 3000)
        let text = Kubeconfig(server: "https://127.0.0.1:6443", caPEM: longPEM, token: "t").yaml()
        let line = text.split(separator: "\n").first { $0.contains("certificate-authority-data:") }
        #expect(line?.hasSuffix(Data(longPEM.utf8).base64EncodedString()) == true)
    }

    @Test func writeAndLoadFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state/kubeconfig"
        let config = Kubeconfig(server: "https://127.23.0.1:6443", caPEM: Self.caPEM, token: "abc")
        try config.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try Kubeconfig.load(path: path) == config)
    }

    @Test func loadsKindShapedConfig() throws {
        let config = try Kubeconfig.parse(yaml: Self.kindYAML)
        #expect(config.server == "https://127.0.0.1:40915")
        #expect(config.caPEM == Self.caPEM)
        #expect(config.token == nil)
        #expect(config.clientCertificatePEM == "CERT")
        #expect(config.clientKeyPEM == "KEY")
        #expect(config.namespace == "default")
        #expect(config.contextName == "kind-kind")
        #expect(config.clusterName == "kind-kind")
    }

    @Test func currentContextPicksClusterUserAndNamespace() throws {
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster: {server: "https://10.0.0.1"}
            - name: b
              cluster: {server: "https://127.0.0.9:6443", insecure-skip-tls-verify: true}
            users:
            - name: ua
              user: {token: tokA}
            - name: ub
              user: {token: tokB}
            contexts:
            - name: ctx-a
              context: {cluster: a, user: ua}
            - name: ctx-b
              context: {cluster: b, user: ub, namespace: shop}
            current-context: ctx-b
            """
        let config = try Kubeconfig.parse(yaml: yaml)
        #expect(config.server == "https://127.0.0.9:6443")
        #expect(config.token == "tokB")
        #expect(config.namespace == "shop")
        #expect(config.insecureSkipTLSVerify)
        #expect(config.caPEM == nil)
    }

    @Test func certificateAuthorityFileIsResolvedRelativeToTheConfig() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.caPEM.write(toFile: directory + "/ca.crt", atomically: true, encoding: .utf8)
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority: ca.crt
            users:
            - name: u
              user:
                token: tok
            contexts:
            - name: x
              context:
                cluster: c
                user: u
            current-context: x
            """
        try yaml.write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        let config = try Kubeconfig.load(path: directory + "/config")
        #expect(config.caPEM == Self.caPEM)
        #expect(config.token == "tok")
    }

    @Test func clearErrors() throws {
        let missing = "/nonexistent/opslab/kubeconfig"
        #expect(throws: KubeconfigError.self) { try Kubeconfig.load(path: missing) }
        do {
            _ = try Kubeconfig.load(path: missing)
        } catch let error as KubeconfigError {
            #expect(error.code == .notFound)
            #expect(error.description.contains(missing))
        }
        func code(_ yaml: String) -> KubeconfigError.Code? {
            do {
                _ = try Kubeconfig.parse(yaml: yaml)
                return nil
            } catch let error as KubeconfigError {
                return error.code
            } catch {
                return nil
            }
        }
        #expect(code("clusters: [unterminated") == .invalid)
        #expect(code("- just\n- a list\n") == .invalid)
        #expect(code("apiVersion: v1\nkind: Pod\n") == .invalid)
        #expect(code("apiVersion: v1\nkind: Config\ncurrent-context: nope\n") == .incomplete)
        let noServer = """
            kind: Config
            clusters: [{name: c, cluster: {}}]
            contexts: [{name: x, context: {cluster: c}}]
            current-context: x
            """
        #expect(code(noServer) == .incomplete)
        let badBase64 = """
            kind: Config
            clusters: [{name: c, cluster: {server: "https://h", certificate-authority-data: "***"}}]
            contexts: [{name: x, context: {cluster: c}}]
            current-context: x
            """
        #expect(code(badBase64) == .invalid)
    }

    @Test func resolvePathOrder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let existing = directory + "/exists"
        try "x".write(toFile: existing, atomically: true, encoding: .utf8)
        let env = ["KUBECONFIG": "\(directory)/missing:\(existing)", "OPSLAB_HOME": "/lab"]
        #expect(Kubeconfig.resolvePath(explicit: "/flag", environment: env, defaultStateDir: ".opslab") == "/flag")
        #expect(Kubeconfig.resolvePath(explicit: nil, environment: env, defaultStateDir: ".opslab") == existing)
        let noneExist = ["KUBECONFIG": "\(directory)/missing", "OPSLAB_HOME": "/lab"]
        #expect(
            Kubeconfig.resolvePath(explicit: "", environment: noneExist, defaultStateDir: ".opslab")
                == "/lab/kubeconfig"
        )
        #expect(
            Kubeconfig.resolvePath(explicit: nil, environment: [:], defaultStateDir: ".opslab") == ".opslab/kubeconfig"
        )
    }

    @Test func endpointParsing() throws {
        let https = try HTTPEndpoint(url: "https://127.23.0.1:6443")
        #expect(https.usesTLS && https.host == "127.23.0.1" && https.port == 6443)
        #expect(https.hostHeader == "127.23.0.1:6443")
        #expect(https.hostIsIPAddress)
        #expect(https.target(for: "/api/v1/pods?limit=500") == "/api/v1/pods?limit=500")
        let plain = try HTTPEndpoint(url: "http://localhost/prefix/")
        #expect(!plain.usesTLS && plain.port == 80 && plain.basePath == "/prefix" && !plain.hostIsIPAddress)
        #expect(plain.hostHeader == "localhost")
        #expect(plain.target(for: "/version") == "/prefix/version")
        let v6 = try HTTPEndpoint(url: "https://[::1]:6443")
        #expect(v6.host == "::1" && v6.hostHeader == "[::1]:6443" && v6.serverDescription == "[::1]:6443")
        #expect(try HTTPEndpoint(url: "127.0.0.1:6443").usesTLS)
        #expect(throws: HTTPTransportError.self) { try HTTPEndpoint(url: "ftp://127.0.0.1") }
        #expect(throws: HTTPTransportError.self) { try HTTPEndpoint(url: "https://") }
    }

    @Test func requestHeadCarriesAuthHostAgentAndLength() throws {
        let transport = try HTTPSTransport(server: "http://127.0.0.1:8080", caPEM: nil, token: "tok")
        let get = transport.requestHead(for: KubeRequest(method: "get", path: "/version"))
        #expect(get.method == .GET)
        #expect(get.uri == "/version")
        #expect(get.headers.first(name: "Authorization") == "Bearer tok")
        #expect(get.headers.first(name: "Host") == "127.0.0.1:8080")
        #expect(get.headers.first(name: "User-Agent")?.hasPrefix("opslab-kubectl/") == true)
        #expect(get.headers.first(name: "Content-Length") == nil)
        let post = transport.requestHead(
            for: KubeRequest(
                method: "POST", path: "/api/v1/pods", headers: [("Accept", "application/json")],
                body: Data("{}".utf8))
        )
        #expect(post.headers.first(name: "Content-Length") == "2")
        #expect(post.headers.first(name: "Accept") == "application/json")
        let anonymous = try HTTPSTransport(server: "http://127.0.0.1:8080", caPEM: nil, token: nil)
        let anonymousHead = anonymous.requestHead(for: KubeRequest(method: "GET", path: "/"))
        #expect(anonymousHead.headers.contains(name: "Authorization") == false)
    }

    @Test func invalidCAIsRejectedUpFront() throws {
        #expect(throws: HTTPTransportError.self) {
            try HTTPSTransport(server: "https://127.0.0.1:6443", caPEM: "not a certificate", token: nil)
        }
    }
}
