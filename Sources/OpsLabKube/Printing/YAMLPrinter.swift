import OpsLabCore

/// YAML exactly as `kubectl -o yaml` prints it (sigs.k8s.io/yaml on top of go-yaml v2), written by hand.
///
/// Keys are sorted in go-yaml's natural order, mappings indent by 2, sequences inside mappings are not indented,
/// strings are plain unless they would read back as something else: numbers, booleans, null, timestamps and the
/// empty string get double quotes (`"123"`, `""`), strings that cannot be plain (leading `*`, `: `, ` #`, edge
/// spaces…) get single quotes, multi-line strings become `|` block scalars, and long plain or quoted strings wrap
/// at column 80 like go-yaml does.
public enum YAMLPrinter {
    /// The YAML document for a value, ending with a newline.
    public static func render(_ value: JSONValue) -> String {
        var emitter = YAMLEmitter()
        emitter.emitDocument(value)
        return emitter.output
    }

    /// Several objects wrapped the way kubectl prints them: `apiVersion: v1`, `items`, `kind: List`,
    /// `metadata.resourceVersion: ""`.
    public static func list(_ items: [JSONValue]) -> JSONValue {
        ["apiVersion": "v1", "items": .array(items), "kind": "List", "metadata": ["resourceVersion": ""]]
    }
}
