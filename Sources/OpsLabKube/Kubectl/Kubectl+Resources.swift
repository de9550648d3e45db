import Foundation
import OpsLabCore

/// What the resource words of a command name: whole collections, or named objects.
enum ResourceTargets {
    /// Collections of these types (`get pods,svc`, `get all`).
    case collections([ResourceType])
    /// Named objects (`get pod a b`, `get pod/a svc/b`).
    case named([(type: ResourceType, name: String)])

    /// The distinct types, in order.
    var types: [ResourceType] {
        switch self {
        case .collections(let types): return types
        case .named(let items):
            var seen: [ResourceType] = []
            for item in items where !seen.contains(item.type) { seen.append(item.type) }
            return seen
        }
    }
}

extension Kubectl {
    /// Resolves a type name (plural, singular, short name, kind, `plural.group`), asking discovery for unknown ones.
    func resolveType(_ name: String) async throws -> ResourceType {
        if let type = registry.resolve(name) { return type }
        let discovered = ResourceRegistry(types: (try? await discoverTypes()) ?? [])
        if let type = discovered.resolve(name) { return type }
        throw KubectlError.error("the server doesn't have a resource type \"\(name)\"")
    }

    /// Resolves a comma-separated type list, expanding the `all` category.
    func resolveTypes(_ list: String) async throws -> [ResourceType] {
        var result: [ResourceType] = []
        for word in list.split(separator: ",").map(String.init) where !word.isEmpty {
            let found = word.lowercased() == "all" ? registry.category("all") : [try await resolveType(word)]
            for type in found where !result.contains(type) { result.append(type) }
        }
        return result
    }

    /// Whether the words ask for more than one type (`all`, `a,b`, or `a/x b/y`); kubectl then prefixes names.
    static func multipleTypesRequested(_ words: [String]) -> Bool {
        if words.contains(where: { $0.lowercased() == "all" || ($0.contains(",") && !$0.contains("/")) }) {
            return true
        }
        let slashTypes = Set(words.filter { $0.contains("/") }.map { $0.split(separator: "/")[0].lowercased() })
        return slashTypes.count > 1
    }

    /// Interprets the resource words of get/describe/delete: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`.
    func resolveTargets(_ words: [String], verb: String) async throws -> ResourceTargets {
        guard let first = words.first else {
            throw KubectlError(
                "You must specify the type of resource to \(verb). Use \"kubectl api-resources\" for a complete "
                    + "list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl "
                    + "explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n"
                    + "See 'kubectl \(verb) -h' for help and examples")
        }
        if first.contains("/") {
            var items: [(type: ResourceType, name: String)] = []
            for word in words {
                guard let slash = word.firstIndex(of: "/") else {
                    throw KubectlError.error("arguments in resource/name form must have a single resource and name")
                }
                let name = String(word[word.index(after: slash)...])
                guard !name.isEmpty else {
                    throw KubectlError.error("arguments in resource/name form must have a single resource and name")
                }
                items.append((try await resolveType(String(word[..<slash])), name))
            }
            return .named(items)
        }
        let types = try await resolveTypes(first)
        let names = Array(words.dropFirst())
        if names.contains(where: { $0.contains("/") }) {
            throw KubectlError.error(
                "there is no need to specify a resource type as a separate argument when passing arguments in "
                    + "resource/name form (e.g. 'kubectl \(verb) resource/<resource_name>' instead of 'kubectl "
                    + "\(verb) resource resource/<resource_name>'")
        }
        if names.isEmpty { return .collections(types) }
        return .named(types.flatMap { type in names.map { (type: type, name: $0) } })
    }

    /// A single `TYPE NAME` or `TYPE/NAME` target (scale, patch, set, rollout, logs).
    func resolveSingle(
        _ words: [String], verb: String, defaultType: ResourceType? = nil
    ) async throws
        -> (type: ResourceType, name: String)
    {
        if let first = words.first, first.contains("/") {
            guard case .named(let items) = try await resolveTargets([first], verb: verb), let item = items.first else {
                throw KubectlError.error("arguments in resource/name form must have a single resource and name")
            }
            return item
        }
        if let defaultType, words.count == 1 { return (defaultType, words[0]) }
        guard words.count >= 2 else {
            throw KubectlError.error("you must specify the type and name of the resource (e.g. TYPE NAME or TYPE/NAME)")
        }
        return (try await resolveType(words[0]), words[1])
    }

    /// The namespace for a type: `nil` for cluster-scoped types.
    func scope(_ type: ResourceType, _ namespace: String?) -> String? {
        type.namespaced ? namespace : nil
    }

    /// Reads the server's legacy discovery (`/api/v1`, `/apis`, each group's preferred version).
    func discoverTypes() async throws -> [ResourceType] {
        var versions: [(group: String, version: String)] = [("", "v1")]
        let groups = try await client.request("GET", "/apis")
        for group in groups["groups"]?.arrayValue ?? [] {
            guard let name = group["name"]?.stringValue else { continue }
            let preferred =
                group[path: ["preferredVersion", "version"]]?.stringValue
                ?? group["versions"]?[0]?["version"]?.stringValue ?? "v1"
            versions.append((name, preferred))
        }
        var types: [ResourceType] = []
        for (group, version) in versions {
            let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            guard let list = try? await client.request("GET", path) else { continue }
            let resources = list["resources"]?.arrayValue ?? []
            for resource in resources {
                guard let plural = resource["name"]?.stringValue, !plural.contains("/"),
                    let kind = resource["kind"]?.stringValue
                else { continue }
                let subresources = resources.compactMap { $0["name"]?.stringValue }
                    .filter { $0.hasPrefix(plural + "/") }.map { String($0.dropFirst(plural.count + 1)) }
                types.append(
                    ResourceType(
                        group: group, version: version, kind: kind, plural: plural,
                        singular: resource["singularName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                            ?? kind.lowercased(),
                        namespaced: resource["namespaced"]?.boolValue ?? true,
                        shortNames: resource["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                        categories: resource["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                        subresources: subresources,
                        verbs: resource["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    ))
            }
        }
        return types
    }

    /// The type of a manifest's apiVersion and kind, asking discovery for unknown ones.
    func typeOf(manifest: JSONValue) async throws -> ResourceType? {
        if let type = registry.type(apiVersion: manifest.apiVersion, kind: manifest.kind) { return type }
        let discovered = (try? await discoverTypes()) ?? []
        return discovered.first { $0.apiVersion == manifest.apiVersion && $0.kind == manifest.kind }
    }

    /// Lists every object of a type (following `continue` tokens), as plain JSON or as a Table.
    func listAll(
        _ type: ResourceType, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
        accept: String = "application/json", extraQuery: [String] = []
    ) async throws -> JSONValue {
        var query = ["limit=500"]
        if let labelSelector { query.append("labelSelector=\(KubeClient.escape(labelSelector))") }
        if let fieldSelector { query.append("fieldSelector=\(KubeClient.escape(fieldSelector))") }
        query += extraQuery
        let base = type.collectionPath(namespace: scope(type, namespace))
        var result = try await client.request("GET", base + "?" + query.joined(separator: "&"), accept: accept)
        var token = result[path: ["metadata", "continue"]]?.stringValue ?? ""
        var pages = 0
        while !token.isEmpty, pages < 100 {
            pages += 1
            let page = try await client.request(
                "GET", base + "?" + (query + ["continue=\(KubeClient.escape(token))"]).joined(separator: "&"),
                accept: accept)
            let key = result["kind"]?.stringValue == "Table" ? "rows" : "items"
            result[key] = .array((result[key]?.arrayValue ?? []) + (page[key]?.arrayValue ?? []))
            token = page[path: ["metadata", "continue"]]?.stringValue ?? ""
        }
        result[path: ["metadata", "continue"]] = nil
        return result
    }

    /// The items of a plain list, with `kind` and `apiVersion` filled in as kubectl prints them.
    static func items(of list: JSONValue, type: ResourceType) -> [JSONValue] {
        (list["items"]?.arrayValue ?? []).map { item in
            var item = item
            if item["kind"] == nil { item["kind"] = .string(type.kind) }
            if item["apiVersion"] == nil { item["apiVersion"] = .string(type.apiVersion) }
            return item
        }
    }
}
