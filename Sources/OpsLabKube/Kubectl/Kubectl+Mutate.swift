import Foundation
import OpsLabCore

extension Kubectl {
    func runScale(_ context: CommandContext) async throws {
        let args = context.args
        guard let replicas = try args.int("replicas") else {
            throw KubectlError.error("required flag(s) \"replicas\" not set")
        }
        guard replicas >= 0 else {
            throw KubectlError.error(
                "The --replicas=COUNT flag is required, and COUNT must be "
                    + "greater than or equal to 0")
        }
        let namespace = self.namespace(args)
        for item in try await namedTargets(args.positionals, verb: "scale") {
            do {
                if let expected = try args.int("current-replicas") {
                    let current = try await client.get(
                        item.type, namespace: scope(item.type, namespace), name: item.name)
                    let actual = current[path: ["spec", "replicas"]]?.intValue ?? 1
                    if actual != Int64(expected) {
                        throw KubectlError.error("Expected replicas to be \(expected), was \(actual)")
                    }
                }
                _ = try await client.patch(
                    item.type, namespace: scope(item.type, namespace), name: item.name,
                    patch: ["spec": ["replicas": .int(Int64(replicas))]], patchType: .merge, subresource: "scale")
                context.output.line("\(item.type.qualifiedKind)/\(item.name) scaled")
            } catch {
                context.output.fail(error)
            }
        }
    }

    /// Named objects from `TYPE NAME…` or `TYPE/NAME…`; a bare collection is an error.
    func namedTargets(_ words: [String], verb: String) async throws -> [(type: ResourceType, name: String)] {
        guard case .named(let items) = try await resolveTargets(words, verb: verb) else {
            throw KubectlError.error("resource(s) were provided, but no name was specified")
        }
        return items
    }

    func runPatch(_ context: CommandContext) async throws {
        let args = context.args
        let patchText: String
        if let inline = args.value("patch") {
            patchText = inline
        } else if let file = args.value("patch-file") {
            patchText = String(decoding: try environment.readFile(file), as: UTF8.self)
        } else {
            throw KubectlError.error("must specify --patch or --patch-file containing the contents of the patch")
        }
        let patchType: PatchType
        switch args.value("type") ?? "strategic" {
        case "strategic": patchType = .strategic
        case "merge": patchType = .merge
        case "json": patchType = .json
        case let other:
            throw KubectlError.error("--type must be one of [json merge strategic], not \"\(other)\"")
        }
        let patch: JSONValue
        do {
            patch = try ManifestLoader.parseValue(patchText)
        } catch {
            throw KubectlError.error("unable to parse \"\(patchText)\": \(error)")
        }
        if patchType == .json, patch.arrayValue == nil {
            throw KubectlError.error(
                "unable to parse \"\(patchText)\": json: cannot unmarshal object into Go value "
                    + "of type jsonpatch.Patch")
        }
        let namespace = self.namespace(args)
        let subresource = args.value("subresource")
        for item in try await namedTargets(args.positionals, verb: "patch") {
            let objectNamespace = scope(item.type, namespace)
            do {
                let before = try await client.get(item.type, namespace: objectNamespace, name: item.name)
                let after = try await client.patch(
                    item.type, namespace: objectNamespace, name: item.name,
                    patch: patch, patchType: patchType, subresource: subresource)
                let changed = before.resourceVersion != after.resourceVersion || Self.strip(before) != Self.strip(after)
                context.output.line("\(item.type.qualifiedKind)/\(item.name) patched\(changed ? "" : " (no change)")")
            } catch {
                context.output.fail(error)
            }
        }
    }

    /// An object without the fields that change on every write.
    static func strip(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: ["metadata", "resourceVersion"]] = nil
        copy[path: ["metadata", "managedFields"]] = nil
        return copy
    }

    /// `label` and `annotate`: `k=v` sets, `k-` removes, `--overwrite` allows changing existing values.
    func runLabel(_ context: CommandContext, annotate: Bool) async throws {
        let args = context.args
        let noun = annotate ? "annotation" : "label"
        var resourceWords: [String] = []
        var changes: [(key: String, value: String?)] = []
        for word in args.positionals {
            if let equals = word.firstIndex(of: "=") {
                changes.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else if word.hasSuffix("-"), !resourceWords.isEmpty {
                changes.append((String(word.dropLast()), nil))
            } else {
                resourceWords.append(word)
            }
        }
        guard !changes.isEmpty else {
            throw KubectlError.error("at least one \(noun) update is required")
        }
        let allNamespaces = args.flag("all-namespaces")
        let namespace: String? = allNamespaces ? nil : self.namespace(args)
        var objects: [(type: ResourceType, object: JSONValue)] = []
        switch try await resolveTargets(resourceWords, verb: annotate ? "annotate" : "label") {
        case .named(let items):
            for item in items {
                do {
                    objects.append(
                        (
                            item.type,
                            try await client.get(
                                item.type, namespace: scope(item.type, namespace),
                                name: item.name)
                        ))
                } catch {
                    context.output.fail(error)
                }
            }
        case .collections(let types):
            guard args.flag("all") || args.value("selector") != nil else {
                throw KubectlError.error("resource(s) were provided, but no name was specified")
            }
            for type in types {
                let list = try await listAll(
                    type, namespace: namespace, labelSelector: args.value("selector"),
                    fieldSelector: args.value("field-selector"))
                objects += Self.items(of: list, type: type).map { (type, $0) }
            }
        }
        let field = annotate ? "annotations" : "labels"
        for (type, object) in objects {
            let current = annotate ? object.annotations : object.labels
            var patch: [String: JSONValue] = [:]
            var conflicts: [String] = []
            for change in changes {
                if let value = change.value {
                    if let existing = current[change.key], existing != value, !args.flag("overwrite") {
                        conflicts.append("'\(change.key)' already has a value (\(existing)), and --overwrite is false")
                    }
                    if current[change.key] != value { patch[change.key] = .string(value) }
                } else if current[change.key] != nil {
                    patch[change.key] = .null
                } else {
                    context.output.line("\(noun) \"\(change.key)\" not found.")
                }
            }
            if !conflicts.isEmpty {
                context.output.fail(KubectlError.error(conflicts.joined(separator: "\n")))
                continue
            }
            let label = "\(type.qualifiedKind)/\(object.name)"
            // kubectl label says "unlabeled" when it only removed labels; annotate always says "annotated".
            let onlyRemovals = changes.allSatisfy { $0.value == nil }
            let verb = annotate ? "annotated" : (onlyRemovals && !patch.isEmpty ? "unlabeled" : "labeled")
            if patch.isEmpty {
                context.output.line("\(label) not \(verb)")
                continue
            }
            do {
                _ = try await client.patch(
                    type, namespace: scope(type, object.namespace), name: object.name,
                    patch: ["metadata": [field: .object(patch)]], patchType: .merge)
                context.output.line("\(label) \(verb)")
            } catch {
                context.output.fail(error)
            }
        }
    }
}
