import Foundation

/// The on-disk kubeconfig document, field for field (only the fields OpsLab reads or writes).
struct KubeconfigFile: Codable {
    struct NamedCluster: Codable {
        var name: String
        var cluster: Cluster
    }

    struct Cluster: Codable {
        var server: String?
        var certificateAuthorityData: String?
        var certificateAuthority: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthorityData = "certificate-authority-data"
            case certificateAuthority = "certificate-authority"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    struct NamedUser: Codable {
        var name: String
        var user: User?
    }

    struct User: Codable {
        var token: String?
        var tokenFile: String?
        var clientCertificateData: String?
        var clientCertificate: String?
        var clientKeyData: String?
        var clientKey: String?

        enum CodingKeys: String, CodingKey {
            case token
            case tokenFile = "tokenFile"
            case clientCertificateData = "client-certificate-data"
            case clientCertificate = "client-certificate"
            case clientKeyData = "client-key-data"
            case clientKey = "client-key"
        }
    }

    struct NamedContext: Codable {
        var name: String
        var context: Context
    }

    struct Context: Codable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    var apiVersion: String?
    var kind: String?
    var clusters: [NamedCluster]?
    var contexts: [NamedContext]?
    var currentContext: String?
    var users: [NamedUser]?

    enum CodingKeys: String, CodingKey {
        case apiVersion
        case kind
        case clusters
        case contexts
        case currentContext = "current-context"
        case users
    }
}

extension Kubeconfig {
    /// Builds the settings of the current context of a decoded file.
    static func resolve(_ file: KubeconfigFile, path: String, baseDirectory: String) throws -> Kubeconfig {
        func incomplete(_ message: String) -> KubeconfigError {
            KubeconfigError(code: .incomplete, path: path, message: message)
        }
        let contexts = file.contexts ?? []
        let contextName: String
        if let current = file.currentContext, !current.isEmpty {
            contextName = current
        } else if contexts.count == 1 {
            contextName = contexts[0].name
        } else {
            throw incomplete("error: current-context is not set in \(path)")
        }
        guard let context = contexts.first(where: { $0.name == contextName })?.context else {
            throw incomplete("error: context \"\(contextName)\" does not exist in \(path)")
        }
        guard let cluster = file.clusters?.first(where: { $0.name == context.cluster })?.cluster else {
            throw incomplete("error: cluster \"\(context.cluster)\" of context \"\(contextName)\" does not exist")
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw incomplete("error: cluster \"\(context.cluster)\" in \(path) has no server")
        }
        let user = context.user.flatMap { name in file.users?.first { $0.name == name }?.user }

        var config = Kubeconfig(server: server, caPEM: nil, token: nil, clusterName: context.cluster)
        config.contextName = contextName
        config.userName = context.user ?? ""
        config.namespace = context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        config.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify ?? false
        config.tlsServerName = cluster.tlsServerName
        config.caPEM = try material(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority, what: "certificate-authority",
            path: path, baseDirectory: baseDirectory
        )
        config.clientCertificatePEM = try material(
            data: user?.clientCertificateData, file: user?.clientCertificate, what: "client-certificate",
            path: path, baseDirectory: baseDirectory
        )
        config.clientKeyPEM = try material(
            data: user?.clientKeyData, file: user?.clientKey, what: "client-key", path: path,
            baseDirectory: baseDirectory
        )
        if let token = user?.token, !token.isEmpty {
            config.token = token
        } else if let tokenFile = user?.tokenFile {
            let text = try readReferenced(tokenFile, what: "tokenFile", path: path, baseDirectory: baseDirectory)
            config.token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return config
    }

    /// The document this config writes.
    func fileValue() -> KubeconfigFile {
        let cluster = KubeconfigFile.Cluster(
            server: server,
            certificateAuthorityData: caPEM.map { Data($0.utf8).base64EncodedString() },
            certificateAuthority: nil,
            insecureSkipTLSVerify: insecureSkipTLSVerify ? true : nil,
            tlsServerName: tlsServerName
        )
        let user = KubeconfigFile.User(
            token: token,
            tokenFile: nil,
            clientCertificateData: clientCertificatePEM.map { Data($0.utf8).base64EncodedString() },
            clientCertificate: nil,
            clientKeyData: clientKeyPEM.map { Data($0.utf8).base64EncodedString() },
            clientKey: nil
        )
        let userName = self.userName.isEmpty ? "\(clusterName)-admin" : self.userName
        return KubeconfigFile(
            apiVersion: "v1",
            kind: "Config",
            clusters: [.init(name: clusterName, cluster: cluster)],
            contexts: [
                .init(name: contextName, context: .init(cluster: clusterName, user: userName, namespace: namespace))
            ],
            currentContext: contextName,
            users: [.init(name: userName, user: user)]
        )
    }

    /// PEM text from an inline base64 field or a referenced file; nil when neither is set.
    private static func material(
        data: String?, file: String?, what: String, path: String, baseDirectory: String
    ) throws -> String? {
        if let data, !data.isEmpty {
            let compact = data.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact) else {
                throw KubeconfigError(code: .invalid, path: path, message: "\(what)-data in \(path) is not base64")
            }
            return String(decoding: decoded, as: UTF8.self)
        }
        if let file, !file.isEmpty {
            return try readReferenced(file, what: what, path: path, baseDirectory: baseDirectory)
        }
        return nil
    }

    /// Reads a file a kubeconfig refers to, resolving relative paths against the kubeconfig's directory.
    private static func readReferenced(
        _ file: String, what: String, path: String, baseDirectory: String
    ) throws
        -> String
    {
        let full = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
        do {
            return try String(contentsOfFile: full, encoding: .utf8)
        } catch {
            throw KubeconfigError(
                code: .incomplete, path: path, message: "unable to read \(what) \(full) for \(path)", cause: error
            )
        }
    }
}
