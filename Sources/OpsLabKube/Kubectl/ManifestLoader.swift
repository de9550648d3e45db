import Foundation
import OpsLabCore
import Yams

/// One object read from a manifest, with the file it came from (for error messages).
struct Manifest {
    var object: JSONValue
    var source: String
}

/// Reads `-f` arguments: files, directories (`*.yaml`, `*.yml`, `*.json`) and `-` for stdin, multi-document YAML.
enum ManifestLoader {
    /// Loads every object named by the `-f` values; `List` kinds are expanded into their items.
    static func load(_ paths: [String], stdin: Data?, environment: KubectlEnvironment) throws -> [Manifest] {
        var manifests: [Manifest] = []
        for path in paths {
            if path == "-" {
                let text = String(decoding: stdin ?? Data(), as: UTF8.self)
                manifests += try parse(text, source: "STDIN")
                continue
            }
            if path.hasPrefix("http://") || path.hasPrefix("https://") {
                throw KubectlError.error("reading manifests from URLs is not supported by opslab kubectl")
            }
            if let entries = environment.listDirectory(path) {
                let files = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
                    .sorted()
                for file in files {
                    let full = path.hasSuffix("/") ? path + file : path + "/" + file
                    manifests += try parse(try read(full, environment: environment), source: full)
                }
                continue
            }
            manifests += try parse(try read(path, environment: environment), source: path)
        }
        return manifests
    }

    private static func read(_ path: String, environment: KubectlEnvironment) throws -> String {
        do {
            return String(decoding: try environment.readFile(path), as: UTF8.self)
        } catch {
            throw KubectlError.error("the path \"\(path)\" does not exist")
        }
    }

    /// Parses multi-document YAML (or JSON) text into objects.
    static func parse(_ text: String, source: String) throws -> [Manifest] {
        var result: [Manifest] = []
        let documents: [Any?]
        do {
            documents = Array(try Yams.load_all(yaml: text))
        } catch {
            throw KubectlError.error("error parsing \(source): \(error)")
        }
        for document in documents {
            guard let document else { continue }
            let value = jsonValue(document)
            if value.isNull { continue }
            guard value.objectValue != nil else {
                throw KubectlError.error("error validating \"\(source)\": the document is not an object")
            }
            if value.kind.hasSuffix("List"), let items = value["items"]?.arrayValue {
                result += items.map { Manifest(object: $0, source: source) }
            } else {
                result.append(Manifest(object: value, source: source))
            }
        }
        return result
    }

    /// Parses a YAML or JSON value (e.g. a `-p` patch).
    static func parseValue(_ text: String) throws -> JSONValue {
        if let json = try? JSONValue(parsing: text) { return json }
        guard let loaded = try Yams.load(yaml: text) else { return .null }
        return jsonValue(loaded)
    }

    /// Converts what Yams produced into a JSON value, keeping integers, booleans and floats apart.
    static func jsonValue(_ value: Any?) -> JSONValue {
        switch value {
        case nil: return .null
        case is NSNull: return .null
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .int(Int64(number))
        case let number as Int64: return .int(number)
        case let number as UInt: return .int(Int64(number))
        case let number as Double: return number.isFinite ? .double(number) : .string(String(number))
        case let text as String: return .string(text)
        case let date as Date: return .string(KubectlFormat.rfc3339(date))
        case let data as Data: return .string(data.base64EncodedString())
        case let items as [Any?]: return .array(items.map(jsonValue))
        case let members as [String: Any?]: return .object(members.mapValues(jsonValue))
        case let members as [AnyHashable: Any?]:
            var object: [String: JSONValue] = [:]
            for (key, member) in members { object["\(key.base)"] = jsonValue(member) }
            return .object(object)
        default: return .string("\(value!)")
        }
    }
}
