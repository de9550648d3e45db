import Foundation
import OpsLabCore

extension Kubectl {
    func runSet(_ context: CommandContext) async throws {
        var args = context.args
        guard let sub = args.positionals.first else {
            throw KubectlError.error("you must specify a subcommand: env or image")
        }
        args.positionals.removeFirst()
        switch sub {
        case "env": try await setEnv(args, output: context.output)
        case "image": try await setImage(args, output: context.output)
        default:
            throw KubectlError.error(
                "\"set \(sub)\" is not supported by opslab kubectl (supported: set env, set image)")
        }
    }

    /// The JSON path of the pod spec inside an object of this kind.
    static func podSpecPath(_ type: ResourceType) -> [String] {
        switch type.kind {
        case "Pod": return ["spec"]
        case "CronJob": return ["spec", "jobTemplate", "spec", "template", "spec"]
        default: return ["spec", "template", "spec"]
        }
    }

    /// `set env TYPE/NAME K=V K2-` (with `-c` to pick a container, `--list` to print the current env).
    private func setEnv(_ args: ParsedArguments, output: KubectlOutput) async throws {
        var resourceWords: [String] = []
        var sets: [(String, String)] = []
        var removals: [String] = []
        for word in args.positionals {
            if let equals = word.firstIndex(of: "="), !resourceWords.isEmpty {
                sets.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else if word.hasSuffix("-"), !resourceWords.isEmpty {
                removals.append(String(word.dropLast()))
            } else {
                resourceWords.append(word)
            }
        }
        for pair in args.all("env") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            sets.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
        }
        let namespace = self.namespace(args)
        let containerFilter = args.value("container")
        for item in try await namedTargets(resourceWords, verb: "set env") {
            let objectNamespace = scope(item.type, namespace)
            let object = try await client.get(item.type, namespace: objectNamespace, name: item.name)
            let path = Self.podSpecPath(item.type)
            var containers = object[path: path + ["containers"]]?.arrayValue ?? []
            if args.flag("list") {
                for container in containers
                where containerFilter == nil || container["name"]?.stringValue == containerFilter {
                    output.line(
                        "# \(item.type.kind.lowercased())s/\(item.name), container "
                            + (container["name"]?.stringValue ?? "")
                    )
                    for env in container["env"]?.arrayValue ?? [] {
                        let name = env["name"]?.stringValue ?? ""
                        if let value = env["value"]?.stringValue {
                            output.line("\(name)=\(value)")
                        } else if env["valueFrom"] != nil {
                            output.line("# \(name) from a reference")
                        } else {
                            output.line("\(name)=")
                        }
                    }
                }
                continue
            }
            guard !sets.isEmpty || !removals.isEmpty else {
                throw KubectlError.error("at least one environment variable must be provided")
            }
            var matched = false
            for index in containers.indices {
                let name = containers[index]["name"]?.stringValue ?? ""
                if let containerFilter, containerFilter != "*", containerFilter != name { continue }
                matched = true
                var env = containers[index]["env"]?.arrayValue ?? []
                for (key, value) in sets {
                    if let position = env.firstIndex(where: { $0["name"]?.stringValue == key }) {
                        env[position] = ["name": .string(key), "value": .string(value)]
                    } else {
                        env.append(["name": .string(key), "value": .string(value)])
                    }
                }
                env.removeAll { removals.contains($0["name"]?.stringValue ?? "") }
                containers[index]["env"] = env.isEmpty ? nil : .array(env)
            }
            if !matched, let containerFilter {
                throw KubectlError.error("unable to find container named \(containerFilter)")
            }
            var patch = JSONValue.emptyObject
            patch[path: path + ["containers"]] = .array(containers)
            _ = try await client.patch(
                item.type, namespace: objectNamespace, name: item.name, patch: patch,
                patchType: .merge)
            output.line("\(item.type.qualifiedKind)/\(item.name) env updated")
        }
    }

    /// `set image TYPE/NAME CONTAINER=IMAGE…` (`*=IMAGE` for every container).
    private func setImage(_ args: ParsedArguments, output: KubectlOutput) async throws {
        var resourceWords: [String] = []
        var images: [(String, String)] = []
        for word in args.positionals {
            if let equals = word.firstIndex(of: "="), !resourceWords.isEmpty {
                images.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else {
                resourceWords.append(word)
            }
        }
        guard !images.isEmpty else {
            throw KubectlError.error("at least one image update is required")
        }
        let namespace = self.namespace(args)
        for item in try await namedTargets(resourceWords, verb: "set image") {
            let objectNamespace = scope(item.type, namespace)
            let object = try await client.get(item.type, namespace: objectNamespace, name: item.name)
            let path = Self.podSpecPath(item.type)
            var patched: [JSONValue] = []
            for key in ["initContainers", "containers"] {
                var containers = object[path: path + [key]]?.arrayValue ?? []
                var changed = false
                for index in containers.indices {
                    let name = containers[index]["name"]?.stringValue ?? ""
                    for (container, image) in images where container == "*" || container == name {
                        containers[index]["image"] = .string(image)
                        changed = true
                    }
                }
                if changed { patched.append(["key": .string(key), "containers": .array(containers)]) }
            }
            for (container, _) in images where container != "*" {
                let names = ["initContainers", "containers"].flatMap {
                    object[path: path + [$0]]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                }
                if !names.contains(container) {
                    throw KubectlError.error("unable to find container named \"\(container)\"")
                }
            }
            var patch = JSONValue.emptyObject
            for entry in patched {
                patch[path: path + [entry["key"]?.stringValue ?? "containers"]] = entry["containers"]
            }
            _ = try await client.patch(
                item.type, namespace: objectNamespace, name: item.name, patch: patch,
                patchType: .merge)
            output.line("\(item.type.qualifiedKind)/\(item.name) image updated")
        }
    }
}
