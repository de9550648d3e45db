import OpsLabCore

/// Finds fields the Kubernetes schema does not declare, for `?fieldValidation=Strict|Warn`.
///
/// Kubernetes reports each as `unknown field "spec.replica"`; under Strict the request fails, under Warn each
/// becomes a `Warning` header. Kinds without a schema (custom resources) report nothing.
public enum UnknownFieldChecker {
    /// Dotted paths (with a leading dot, list indexes in brackets) of undeclared fields, sorted:
    /// e.g. `[".spec.replica", ".spec.template.spec.containers[0].imagee"]`.
    public static func unknownFields(_ object: JSONValue, kind: String) -> [String] {
        guard let schema = KubeSchemas.schema(kind: kind) else { return [] }
        var found: [String] = []
        walk(object, schema: schema, path: "", into: &found)
        return found.sorted()
    }

    /// The Kubernetes message for each unknown field: `unknown field "spec.replica"`.
    public static func messages(_ object: JSONValue, kind: String) -> [String] {
        unknownFields(object, kind: kind).map { "unknown field \"\($0.dropFirst())\"" }
    }

    private static func walk(_ value: JSONValue, schema: FieldSchema, path: String, into found: inout [String]) {
        switch (schema, value) {
        case (.object(let fields), .object(let members)):
            for (key, child) in members {
                let childPath = path + "." + key
                guard let childSchema = fields[key] else {
                    found.append(childPath)
                    continue
                }
                walk(child, schema: childSchema, path: childPath, into: &found)
            }
        case (.map(let valueSchema), .object(let members)):
            for (key, child) in members {
                walk(child, schema: valueSchema, path: path + "." + key, into: &found)
            }
        case (.list(let elementSchema), .array(let items)):
            for (index, item) in items.enumerated() {
                walk(item, schema: elementSchema, path: path + "[\(index)]", into: &found)
            }
        default:
            return
        }
    }
}
