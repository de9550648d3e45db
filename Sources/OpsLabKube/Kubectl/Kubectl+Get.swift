import Foundation
import OpsLabCore

/// The output format of `get` (`-o …`).
enum OutputFormat: Equatable {
    case table(wide: Bool)
    case yaml
    case json
    case name
    case jsonPath(String)
    case customColumns(String)

    /// Parses the `-o` value, accepting `jsonpath=…`, `jsonpath='…'` and `custom-columns=…`.
    init(_ text: String?) throws {
        guard let text, !text.isEmpty else {
            self = .table(wide: false)
            return
        }
        if let equals = text.firstIndex(of: "=") {
            let kind = text[..<equals]
            var template = String(text[text.index(after: equals)...])
            if template.count >= 2, let first = template.first, first == template.last, first == "'" || first == "\"" {
                template = String(template.dropFirst().dropLast())
            }
            switch kind {
            case "jsonpath", "jsonpath-as-json": self = .jsonPath(template)
            case "custom-columns": self = .customColumns(template)
            default: throw Self.unsupported(text)
            }
            return
        }
        switch text {
        case "wide": self = .table(wide: true)
        case "yaml": self = .yaml
        case "json": self = .json
        case "name": self = .name
        default: throw Self.unsupported(text)
        }
    }

    private static func unsupported(_ text: String) -> KubectlError {
        KubectlError.error(
            "unable to match a printer suitable for the output format \"\(text)\", allowed formats "
                + "are: custom-columns,json,jsonpath,name,wide,yaml")
    }

    var isTable: Bool {
        if case .table = self { return true }
        return false
    }
}

extension Kubectl {
    func runGet(_ context: CommandContext) async throws {
        let args = context.args
        let output = context.output
        if args.flag("watch") {
            throw KubectlError.error("\"get --watch\" is not supported by opslab kubectl; run get again instead")
        }
        let format = try OutputFormat(args.value("output"))
        let allNamespaces = args.flag("all-namespaces")
        let namespace: String? = allNamespaces ? nil : self.namespace(args)
        let targets = try await resolveTargets(args.positionals, verb: "get")
        if allNamespaces, case .named = targets {
            throw KubectlError.error("a resource cannot be retrieved by name across all namespaces")
        }
        let sortBy = try args.value("sort-by").map(FieldPath.init)
        let prefixKinds = Self.multipleTypesRequested(args.positionals)
        if format.isTable {
            try await getTables(
                targets, namespace: namespace, format: format, sortBy: sortBy, prefix: prefixKinds,
                context: context)
            return
        }
        var objects: [JSONValue] = []
        var isSingle = false
        switch targets {
        case .collections(let types):
            for type in types {
                let list = try await listAll(
                    type, namespace: namespace, labelSelector: args.value("selector"),
                    fieldSelector: args.value("field-selector"))
                objects += Self.items(of: list, type: type)
            }
        case .named(let items):
            isSingle = items.count == 1
            for item in items {
                do {
                    var object = try await client.get(
                        item.type, namespace: scope(item.type, namespace), name: item.name)
                    if object["kind"] == nil { object["kind"] = .string(item.type.kind) }
                    objects.append(object)
                } catch let status as APIStatus where status.code == 404 && args.flag("ignore-not-found") {
                    continue
                } catch {
                    isSingle = false
                    output.fail(error)
                }
            }
        }
        if let sortBy { objects = Self.sorted(objects, by: sortBy) }
        if case .collections = targets, objects.isEmpty,
            format == .name
                || {
                    if case .customColumns = format { return true }
                    return false
                }()
        {
            noResources(namespace: namespace, types: targets.types, output: output)
            return
        }
        try printObjects(objects, single: isSingle && objects.count == 1, format: format, output: output)
    }

    /// Writes objects as yaml, json, jsonpath, name or custom columns.
    func printObjects(_ objects: [JSONValue], single: Bool, format: OutputFormat, output: KubectlOutput) throws {
        let document: JSONValue =
            single
            ? objects[0]
            : ["apiVersion": "v1", "kind": "List", "items": .array(objects), "metadata": ["resourceVersion": ""]]
        switch format {
        case .yaml: output.write(KubectlPrinters.yaml(document))
        case .json: output.write(KubectlPrinters.json(document))
        case .jsonPath(let template): output.write(try KubectlPrinters.jsonPath(template, on: document))
        case .name:
            for object in objects {
                let type = registry.type(apiVersion: object.apiVersion, kind: object.kind)
                output.line("\(type?.qualifiedKind ?? object.kind.lowercased())/\(object.name)")
            }
        case .customColumns(let spec): output.write(try Self.customColumns(spec, objects: objects))
        case .table: break
        }
    }

    /// `custom-columns=NAME:.metadata.name,…`.
    static func customColumns(_ spec: String, objects: [JSONValue]) throws -> String {
        var headers: [String] = []
        var paths: [FieldPath] = []
        for column in spec.split(separator: ",") {
            guard let colon = column.firstIndex(of: ":") else {
                throw KubectlError.error(
                    "unexpected custom-columns spec: \(column), expected <header>:<json-path-expr>")
            }
            headers.append(String(column[..<colon]))
            paths.append(try FieldPath(String(column[column.index(after: colon)...])))
        }
        var text = headers.joined(separator: "\t") + "\n"
        for object in objects {
            let cells = paths.map { path -> String in
                let values = path.evaluate(object)
                return values.isEmpty ? "<none>" : values.map(KubectlFormat.scalar).joined(separator: ",")
            }
            text += cells.joined(separator: "\t") + "\n"
        }
        return TabWriter.table.format(text)
    }

    static func sorted(_ objects: [JSONValue], by path: FieldPath) -> [JSONValue] {
        let keyed = objects.enumerated().map { ($0.offset, $0.element, path.evaluate($0.element).first) }
        return keyed.sorted { lhs, rhs in
            if FieldPath.less(lhs.2, rhs.2) { return true }
            if FieldPath.less(rhs.2, lhs.2) { return false }
            return lhs.0 < rhs.0
        }.map(\.1)
    }

    func noResources(namespace: String?, types: [ResourceType], output: KubectlOutput) {
        if let namespace, types.contains(where: \.namespaced) {
            output.note("No resources found in \(namespace) namespace.")
        } else {
            output.note("No resources found")
        }
    }

    /// The human-readable path: ask the server for Tables and lay them out.
    private func getTables(
        _ targets: ResourceTargets, namespace: String?, format: OutputFormat, sortBy: FieldPath?, prefix: Bool,
        context: CommandContext
    ) async throws {
        let args = context.args
        let output = context.output
        var tables: [(ResourceType, JSONValue)] = []
        let extra = sortBy == nil ? [] : ["includeObject=Object"]
        switch targets {
        case .collections(let types):
            for type in types {
                let table = try await listAll(
                    type, namespace: namespace, labelSelector: args.value("selector"),
                    fieldSelector: args.value("field-selector"), accept: KubeClient.tableAccept, extraQuery: extra)
                tables.append((type, Self.asTable(table, type: type, now: environment.now())))
            }
        case .named(let items):
            for item in items {
                do {
                    let path =
                        item.type.objectPath(namespace: scope(item.type, namespace), name: item.name)
                        + (extra.isEmpty ? "" : "?" + extra.joined(separator: "&"))
                    let answer = try await client.request("GET", path, accept: KubeClient.tableAccept)
                    let table = Self.asTable(answer, type: item.type, now: environment.now())
                    if let last = tables.last, last.0 == item.type {
                        var merged = last.1
                        merged["rows"] = .array((merged["rows"]?.arrayValue ?? []) + (table["rows"]?.arrayValue ?? []))
                        tables[tables.count - 1] = (item.type, merged)
                    } else {
                        tables.append((item.type, table))
                    }
                } catch let status as APIStatus where status.code == 404 && args.flag("ignore-not-found") {
                    continue
                } catch {
                    output.fail(error)
                }
            }
        }
        var printedAny = false
        for (type, table) in tables {
            var table = table
            let rows = table["rows"]?.arrayValue ?? []
            if rows.isEmpty { continue }
            if let sortBy {
                let keyed = rows.enumerated().map {
                    ($0.offset, $0.element, sortBy.evaluate($0.element["object"] ?? .null).first)
                }
                table["rows"] = .array(
                    keyed.sorted { lhs, rhs in
                        if FieldPath.less(lhs.2, rhs.2) { return true }
                        if FieldPath.less(rhs.2, lhs.2) { return false }
                        return lhs.0 < rhs.0
                    }.map(\.1))
            }
            var options = TableOptions()
            if case .table(let wide) = format { options.wide = wide }
            options.noHeaders = args.flag("no-headers")
            options.showNamespace = args.flag("all-namespaces") && type.namespaced
            options.showLabels = args.flag("show-labels")
            options.labelColumns = args.all("label-columns", split: true)
            options.kindPrefix = prefix || args.flag("show-kind") ? type.qualifiedKind : nil
            if printedAny { output.write("\n") }
            output.write(KubectlPrinters.table(table, options: options))
            printedAny = true
        }
        if !printedAny, !output.failed, case .collections(let types) = targets {
            noResources(namespace: namespace, types: types, output: output)
        }
    }

    /// A Table as-is, or a table built client-side (as kubectl's fallback printers do) when the server answered
    /// with plain objects.
    static func asTable(_ answer: JSONValue, type: ResourceType, now: Date) -> JSONValue {
        if answer["kind"]?.stringValue == "Table" { return answer }
        let objects = answer["items"]?.arrayValue ?? [answer]
        return TableGenerator.table(for: type, objects: objects, now: now, includeObject: .object)
    }
}
