import Foundation
import OpsLabCore

/// Options for laying out a server-side Table.
struct TableOptions {
    var wide = false
    var noHeaders = false
    var showNamespace = false
    var showLabels = false
    var labelColumns: [String] = []
    var kindPrefix: String?
}

/// The bridge from kubectl verbs to the shared printers in `Printing/`.
enum KubectlPrinters {
    /// Renders a `meta.k8s.io/v1` Table the way kubectl lays it out.
    static func table(_ table: JSONValue, options: TableOptions) -> String {
        TableRenderer(
            wide: options.wide, noHeaders: options.noHeaders, showNamespace: options.showNamespace,
            showLabels: options.showLabels, labelColumns: options.labelColumns, kindPrefix: options.kindPrefix
        ).render(table)
    }

    /// kubectl's `-o yaml`.
    static func yaml(_ value: JSONValue) -> String {
        YAMLPrinter.render(value)
    }

    /// kubectl's `-o json`.
    static func json(_ value: JSONValue) -> String {
        JSONPrinter.render(value)
    }

    /// kubectl's `-o jsonpath=TEMPLATE` (missing keys print nothing, as `--allow-missing-template-keys` defaults).
    static func jsonPath(_ template: String, on value: JSONValue) throws -> String {
        do {
            return try JSONPathTemplate(template, allowMissingKeys: true).execute(on: value)
        } catch let error as JSONPathError {
            throw KubectlError.error(error.description)
        }
    }
}
