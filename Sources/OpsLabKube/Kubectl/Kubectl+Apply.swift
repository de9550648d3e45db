import Foundation
import OpsLabCore

extension Kubectl {
    /// The annotation client-side apply keeps the last applied manifest in.
    static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    func runApply(_ context: CommandContext) async throws {
        let args = context.args
        guard args.positionals.isEmpty || args.positionals == ["-"] else {
            throw KubectlError.error(
                "Unexpected args: \(args.positionals)\nSee 'kubectl apply -h' for help and examples")
        }
        let files = args.all("filename")
        guard !files.isEmpty else {
            throw KubectlError.error("must specify one of -f and -k")
        }
        let dryRun = try dryRunMode(args)
        for manifest in try ManifestLoader.load(files, stdin: context.stdin, environment: environment) {
            do {
                try await applyOne(manifest, args: args, dryRun: dryRun, output: context.output)
            } catch {
                context.output.fail(error)
            }
        }
    }

    func runCreate(_ context: CommandContext) async throws {
        let args = context.args
        if let generator = args.positionals.first {
            try await createGenerated(generator, context: context)
            return
        }
        let files = args.all("filename")
        guard !files.isEmpty else {
            throw KubectlError.error("must specify one of -f and -k")
        }
        let dryRun = try dryRunMode(args)
        for manifest in try ManifestLoader.load(files, stdin: context.stdin, environment: environment) {
            do {
                let (type, namespace, object) = try await prepare(manifest, args: args)
                var body = object
                if args.value("save-config") == "true" {
                    body.annotations[Self.lastAppliedAnnotation] = Self.lastApplied(object)
                }
                if dryRun == nil {
                    _ = try await client.create(
                        type, namespace: namespace, object: body, query: "?fieldValidation=Strict")
                }
                context.output.line("\(type.qualifiedKind)/\(object.name) created\(dryRun ?? "")")
            } catch let status as APIStatus {
                context.output.fail(status, context: "error when creating \"\(manifest.source)\": ")
            } catch {
                context.output.fail(error)
            }
        }
    }

    /// `nil` when not a dry run, else the suffix kubectl prints (` (dry run)` / ` (server dry run)`).
    func dryRunMode(_ args: ParsedArguments) throws -> String? {
        switch args.value("dry-run") {
        case nil, "none"?: return nil
        case "client"?, "true"?: return " (dry run)"
        case "server"?: return " (server dry run)"
        case let other?:
            throw KubectlError.error("Invalid dry-run value (\(other)). Must be \"none\", \"server\", or \"client\".")
        }
    }

    /// Resolves a manifest's type and namespace, checking `-n` against `metadata.namespace`.
    func prepare(
        _ manifest: Manifest, args: ParsedArguments
    ) async throws
        -> (type: ResourceType, namespace: String?, object: JSONValue)
    {
        var object = manifest.object
        guard let type = try await typeOf(manifest: object) else {
            throw KubectlError(
                "error: resource mapping not found for name: \"\(object.name)\" namespace: "
                    + "\"\(object.namespace ?? "")\" from \"\(manifest.source)\": no matches for kind "
                    + "\"\(object.kind)\" in version \"\(object.apiVersion)\"\nensure CRDs are installed first")
        }
        guard !object.name.isEmpty else {
            throw KubectlError.error(
                "error when retrieving current configuration of:\nResource: "
                    + "\"\(type.qualifiedPlural)\"\nfrom server for: \"\(manifest.source)\": "
                    + "resource name may not be empty"
            )
        }
        guard type.namespaced else { return (type, nil, object) }
        let namespace: String
        if let own = object.namespace, !own.isEmpty {
            if let flag = args.value("namespace"), flag != own {
                throw KubectlError.error(
                    "the namespace from the provided object \"\(own)\" does not match the "
                        + "namespace \"\(flag)\". You must pass '--namespace=\(own)' to perform this operation.")
            }
            namespace = own
        } else {
            namespace = self.namespace(args)
        }
        object.namespace = namespace
        return (type, namespace, object)
    }

    /// The annotation value: the manifest without the annotation itself, as compact JSON plus a newline.
    static func lastApplied(_ object: JSONValue) -> String {
        var copy = object
        var annotations = copy[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        annotations[lastAppliedAnnotation] = nil
        copy[path: ["metadata", "annotations"]] = .object(annotations)
        return copy.jsonString() + "\n"
    }

    private func applyOne(
        _ manifest: Manifest, args: ParsedArguments, dryRun: String?, output: KubectlOutput
    )
        async throws
    {
        let (type, namespace, object) = try await prepare(manifest, args: args)
        var modified = object
        modified.annotations[Self.lastAppliedAnnotation] = Self.lastApplied(object)
        let label = "\(type.qualifiedKind)/\(object.name)"
        let current: JSONValue
        do {
            current = try await client.get(type, namespace: namespace, name: object.name)
        } catch let status as APIStatus where status.code == 404 {
            do {
                if dryRun == nil {
                    _ = try await client.create(
                        type, namespace: namespace, object: modified,
                        query: "?fieldValidation=Strict")
                }
            } catch let status as APIStatus {
                throw KubectlError(
                    KubectlError.renderStatus(
                        status, context: "error when creating \"\(manifest.source)\": "))
            }
            output.line("\(label) created\(dryRun ?? "")")
            return
        }
        let originalText = current.annotations[Self.lastAppliedAnnotation]
        if originalText == nil {
            output.note(
                "Warning: resource \(type.qualifiedPlural)/\(object.name) is missing the "
                    + "\(Self.lastAppliedAnnotation) annotation which is required by kubectl apply. "
                    + "kubectl apply should "
                    + "only be used on resources created declaratively by either kubectl create --save-config or "
                    + "kubectl "
                    + "apply. The missing annotation will be patched automatically.")
        }
        let original = originalText.flatMap { try? JSONValue(parsing: $0) }
        let patch = ApplyPatch.compute(original: original, modified: modified, current: current)
        if patch == .emptyObject {
            output.line("\(label) unchanged\(dryRun ?? "")")
            return
        }
        if dryRun == nil {
            let patchType: PatchType = ResourceType.builtIn.contains(type) ? .strategic : .merge
            do {
                _ = try await client.request(
                    "PATCH", type.objectPath(namespace: namespace, name: object.name) + "?fieldValidation=Strict",
                    body: patch, contentType: patchType.mediaType)
            } catch let status as APIStatus {
                throw KubectlError(
                    KubectlError.renderStatus(
                        status,
                        context: "error when applying patch:\n\(patch.jsonString())\n\nto:\nResource: "
                            + "\"\(type.qualifiedPlural)\", Name: \"\(object.name)\", "
                            + "Namespace: \"\(namespace ?? "")\"\n"
                            + "for: \"\(manifest.source)\": "))
            }
        }
        output.line("\(label) configured\(dryRun ?? "")")
    }

    /// `create namespace NAME`, `create deployment NAME --image=I`, `create configmap NAME --from-literal=k=v`.
    private func createGenerated(_ generator: String, context: CommandContext) async throws {
        let args = context.args
        guard args.positionals.count >= 2 else {
            throw KubectlError.error("exactly one NAME is required, got 0")
        }
        let name = args.positionals[1]
        let namespace = self.namespace(args)
        let type: ResourceType
        var object: JSONValue
        switch generator {
        case "namespace", "ns":
            type = .namespaces
            object = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
        case "deployment", "deploy":
            guard let image = args.value("image") else {
                throw KubectlError.error("required flag(s) \"image\" not set")
            }
            type = .deployments
            let replicas = Int64(try args.int("replicas") ?? 1)
            let labels: JSONValue = ["app": .string(name)]
            var container: JSONValue = ["name": .string(Self.containerName(image)), "image": .string(image)]
            if let port = try args.int("port") { container["ports"] = [["containerPort": .int(Int64(port))]] }
            object = [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels],
                "spec": [
                    "replicas": .int(replicas), "selector": ["matchLabels": labels],
                    "template": ["metadata": ["labels": labels], "spec": ["containers": [container]]],
                ],
            ]
        case "configmap", "cm":
            type = .configMaps
            var data: [String: JSONValue] = [:]
            for literal in args.all("from-literal") {
                guard let equals = literal.firstIndex(of: "=") else {
                    throw KubectlError.error("invalid literal source \(literal), expected key=value")
                }
                data[String(literal[..<equals])] = .string(String(literal[literal.index(after: equals)...]))
            }
            object = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": .string(name), "namespace": .string(namespace)], "data": .object(data),
            ]
        default:
            throw KubectlError.error(
                "\"create \(generator)\" is not supported by opslab kubectl (supported: "
                    + "create -f, create namespace, create deployment, create configmap)")
        }
        let dryRun = try dryRunMode(args)
        if dryRun == nil {
            _ = try await client.create(
                type, namespace: type.namespaced ? namespace : nil, object: object,
                query: "?fieldValidation=Strict")
        }
        context.output.line("\(type.qualifiedKind)/\(name) created\(dryRun ?? "")")
    }

    /// kubectl names a generated container after the image: `nginx:1.25` → `nginx`, `a/b/c@sha` → `c`.
    static func containerName(_ image: String) -> String {
        var base = image.split(separator: "/").last.map(String.init) ?? image
        if let at = base.firstIndex(of: "@") { base = String(base[..<at]) }
        if let colon = base.firstIndex(of: ":") { base = String(base[..<colon]) }
        return base
    }
}
