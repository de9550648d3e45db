import Foundation
import Yams

/// The connection settings of one kubeconfig context: server URL, CA, credentials and namespace.
///
/// Reads the real kubeconfig format (`apiVersion: v1`, `kind: Config`, `clusters`, `users`, `contexts`,
/// `current-context`) and writes a single-context file that kubectl accepts. Only the current context is kept.
public struct Kubeconfig: Sendable, Equatable {
    /// The API server URL, e.g. `https://127.23.0.1:6443`.
    public var server: String
    /// The CA bundle that signs the server certificate (PEM), from `certificate-authority-data` or the file that
    /// `certificate-authority` names; nil means the system trust store (unused by OpsLab).
    public var caPEM: String?
    /// The bearer token, if the user authenticates with one.
    public var token: String?
    /// The client certificate (PEM), if the user authenticates with one (e.g. kind clusters).
    public var clientCertificatePEM: String?
    /// The client key (PEM) for ``clientCertificatePEM``.
    public var clientKeyPEM: String?
    /// `insecure-skip-tls-verify`: do not verify the server certificate at all.
    public var insecureSkipTLSVerify: Bool
    /// The TLS server name to verify instead of the URL's host (`tls-server-name`).
    public var tlsServerName: String?
    /// The context's namespace (`default` when the context names none).
    public var namespace: String
    /// The cluster entry's name.
    public var clusterName: String
    /// The user entry's name.
    public var userName: String
    /// The context's name (also the `current-context`).
    public var contextName: String

    /// Creates a single-context config; the context is named after the cluster and the user `<cluster>-admin`.
    public init(server: String, caPEM: String?, token: String?, clusterName: String = "opslab") {
        self.server = server
        self.caPEM = caPEM
        self.token = token
        self.clientCertificatePEM = nil
        self.clientKeyPEM = nil
        self.insecureSkipTLSVerify = false
        self.tlsServerName = nil
        self.namespace = "default"
        self.clusterName = clusterName
        self.userName = "\(clusterName)-admin"
        self.contextName = clusterName
    }

    /// Loads the current context of the kubeconfig file at `path`.
    ///
    /// Relative `certificate-authority`/`client-certificate`/`client-key` paths are resolved against the file's
    /// directory, as kubectl does. Throws ``KubeconfigError`` when the file is missing, is not a kubeconfig, or
    /// its current context is incomplete.
    public static func load(path: String) throws -> Kubeconfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubeconfigError(code: .notFound, path: path, message: "stat \(path): no such file or directory")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeconfigError(code: .unreadable, path: path, message: "cannot read \(path)", cause: error)
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, path: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Parses kubeconfig YAML text; `path` is used in error messages, `baseDirectory` for relative file references.
    public static func parse(
        yaml text: String, path: String = "<kubeconfig>", baseDirectory: String = "."
    ) throws
        -> Kubeconfig
    {
        let file: KubeconfigFile
        do {
            file = try YAMLDecoder().decode(KubeconfigFile.self, from: text)
        } catch {
            throw KubeconfigError(
                code: .invalid, path: path, message: "error loading config file \"\(path)\": not a valid kubeconfig",
                cause: error
            )
        }
        if let kind = file.kind, kind != "Config" {
            throw KubeconfigError(code: .invalid, path: path, message: "\(path): kind is \(kind), expected Config")
        }
        return try resolve(file, path: path, baseDirectory: baseDirectory)
    }

    /// The config as kubeconfig YAML (`apiVersion: v1`, `kind: Config`, one cluster, user and context).
    public func yaml() -> String {
        let encoder = YAMLEncoder()
        encoder.options.width = -1
        encoder.options.indent = 2
        // Encoding plain strings and optionals cannot fail; fall back to an empty config rather than crash.
        return (try? encoder.encode(fileValue())) ?? "apiVersion: v1\nkind: Config\n"
    }

    /// Writes ``yaml()`` to `path` with mode 0600, creating the parent directory if needed.
    public func write(to path: String) throws {
        let manager = FileManager.default
        let parent = (path as NSString).deletingLastPathComponent
        do {
            if !parent.isEmpty, !manager.fileExists(atPath: parent) {
                try manager.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
                )
            }
            let temporary = path + ".tmp-\(UUID().uuidString)"
            guard
                manager.createFile(
                    atPath: temporary, contents: Data(yaml().utf8), attributes: [.posixPermissions: 0o600]
                )
            else {
                throw CocoaError(.fileWriteUnknown)
            }
            if rename(temporary, path) != 0 {
                try? manager.removeItem(atPath: temporary)
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw KubeconfigError(code: .unwritable, path: path, message: "cannot write \(path)", cause: error)
        }
    }

    /// Which kubeconfig file to use: `explicit` (`--kubeconfig`), else the first existing entry of `$KUBECONFIG`
    /// (a colon-separated list), else `<stateDir>/kubeconfig` with stateDir `$OPSLAB_HOME` or `defaultStateDir`.
    ///
    /// Pure apart from checking which `$KUBECONFIG` entries exist.
    public static func resolvePath(
        explicit: String?, environment: [String: String], defaultStateDir: String
    )
        -> String
    {
        if let explicit, !explicit.isEmpty { return explicit }
        if let list = environment["KUBECONFIG"] {
            let entries = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            if let found = entries.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        }
        let home = environment["OPSLAB_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultStateDir
        return (home as NSString).appendingPathComponent("kubeconfig")
    }
}
