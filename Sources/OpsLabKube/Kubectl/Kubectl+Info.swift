import Foundation
import OpsLabCore

extension Kubectl {
    /// The version this kubectl reports as its own.
    static let clientVersion = "v1.32.1"

    func runVersion(_ context: CommandContext) async throws {
        let args = context.args
        let client: JSONValue = [
            "major": "1", "minor": "32", "gitVersion": .string(Self.clientVersion), "gitTreeState": "clean",
            "platform": "opslab",
        ]
        var server: JSONValue?
        var serverError: (any Error)?
        if !args.flag("client") {
            do { server = try await self.client.request("GET", "/version") } catch { serverError = error }
        }
        switch args.value("output") {
        case "json"?, "yaml"?:
            var document: JSONValue = ["clientVersion": client, "kustomizeVersion": "v5.5.0"]
            if let server { document["serverVersion"] = server }
            context.output.write(
                args.value("output") == "json"
                    ? KubectlPrinters.json(document) : KubectlPrinters.yaml(document))
        default:
            context.output.line("Client Version: \(Self.clientVersion)")
            context.output.line("Kustomize Version: v5.5.0")
            if let server { context.output.line("Server Version: \(server["gitVersion"]?.stringValue ?? "unknown")") }
        }
        if let serverError { throw serverError }
    }

    func runAPIResources(_ context: CommandContext) async throws {
        let args = context.args
        var types: [ResourceType]
        do {
            types = try await discoverTypes()
        } catch {
            types = registry.types
        }
        if args.flag("namespaced") || args.has("namespaced") {
            let wanted = args.flag("namespaced")
            types = types.filter { $0.namespaced == wanted }
        }
        if let group = args.value("api-group") { types = types.filter { $0.group == group } }
        if let verbs = args.value("verbs") {
            let wanted = verbs.split(separator: ",").map(String.init)
            types = types.filter { type in wanted.allSatisfy { type.verbs.contains($0) } }
        }
        if let category = args.value("categories") { types = types.filter { $0.categories.contains(category) } }
        types.sort { ($0.group, $0.plural) < ($1.group, $1.plural) }
        if args.value("output") == "name" {
            for type in types { context.output.line(type.group.isEmpty ? type.plural : "\(type.plural).\(type.group)") }
            return
        }
        let wide = args.value("output") == "wide"
        var text =
            args.flag("no-headers")
            ? ""
            : "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND"
                + (wide ? "\tVERBS\tCATEGORIES" : "") + "\n"
        for type in types {
            text += [
                type.plural, type.shortNames.joined(separator: ","), type.apiVersion, String(type.namespaced),
                type.kind,
            ].joined(separator: "\t")
            if wide {
                text += "\t" + "[\(type.verbs.joined(separator: " "))]" + "\t" + type.categories.joined(separator: ",")
            }
            text += "\n"
        }
        context.output.write(TabWriter.table.format(text))
    }

    func runClusterInfo(_ context: CommandContext) async throws {
        if context.args.positionals.first == "dump" {
            throw KubectlError.error("\"cluster-info dump\" is not supported by opslab kubectl")
        }
        _ = try await client.request("GET", "/version")
        context.output.line("Kubernetes control plane is running at \(environment.serverURL)")
        context.output.line("")
        context.output.line("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    }

    func runConfig(_ context: CommandContext) throws {
        let sub = context.args.positionals.first ?? ""
        switch sub {
        case "view":
            if let kubeconfig = environment.kubeconfig {
                context.output.write(context.args.flag("raw") ? kubeconfig : Self.redact(kubeconfig))
                if !kubeconfig.hasSuffix("\n") { context.output.write("\n") }
            } else {
                context.output.write(
                    """
                    apiVersion: v1
                    clusters:
                    - cluster:
                        certificate-authority-data: DATA+OMITTED
                        server: \(environment.serverURL)
                      name: opslab
                    contexts:
                    - context:
                        cluster: opslab
                        namespace: \(defaultNamespace)
                        user: opslab
                      name: opslab
                    current-context: opslab
                    kind: Config
                    preferences: {}
                    users:
                    - name: opslab
                      user:
                        token: REDACTED

                    """)
            }
        case "current-context":
            context.output.line("opslab")
        default:
            throw KubectlError.error(
                "\"config \(sub)\" is not supported by opslab kubectl (supported: config view, "
                    + "config current-context)")
        }
    }

    /// Hides certificate data and tokens as `kubectl config view` does.
    static func redact(_ kubeconfig: String) -> String {
        let secretKeys = ["certificate-authority-data", "client-certificate-data", "client-key-data", "token"]
        return kubeconfig.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for key in secretKeys where trimmed.hasPrefix(key + ":") {
                let indent = line.prefix { $0 == " " }
                return "\(indent)\(key): \(key == "token" ? "REDACTED" : "DATA+OMITTED")"
            }
            return String(line)
        }.joined(separator: "\n")
    }
}
