import Foundation

/// The flags one kubectl verb accepts: which take a value and which are booleans, by every spelling.
struct FlagSpec {
    /// Spelling (`--namespace`, `-n`) to canonical name, for flags that take a value.
    var valueFlags: [String: String] = [:]
    /// Spelling to canonical name, for boolean flags.
    var boolFlags: [String: String] = [:]

    /// Adds value flags given as `"namespace|n"` (long name, optional short letter).
    func values(_ names: String...) -> FlagSpec {
        var copy = self
        for entry in names { copy.valueFlags.merge(Self.spellings(entry)) { _, new in new } }
        return copy
    }

    /// Adds boolean flags given as `"all-namespaces|A"`.
    func bools(_ names: String...) -> FlagSpec {
        var copy = self
        for entry in names { copy.boolFlags.merge(Self.spellings(entry)) { _, new in new } }
        return copy
    }

    private static func spellings(_ entry: String) -> [String: String] {
        let parts = entry.split(separator: "|").map(String.init)
        var result = ["--\(parts[0])": parts[0]]
        if parts.count > 1 { result["-\(parts[1])"] = parts[0] }
        return result
    }

    /// Flags every verb accepts (connection flags are accepted and ignored).
    static let global = FlagSpec()
        .values(
            "namespace|n", "kubeconfig", "context", "cluster", "user", "server|s", "token", "request-timeout",
            "v|v", "cache-dir", "as"
        )
        .bools("insecure-skip-tls-verify", "help|h")
}

/// A command line split into positionals, flag values and the words after `--`.
struct ParsedArguments {
    /// Non-flag words in order.
    var positionals: [String] = []
    /// Values of value flags by canonical name, in the order given.
    var values: [String: [String]] = [:]
    /// Boolean flags by canonical name.
    var bools: [String: Bool] = [:]
    /// Words after a `--` separator, or `nil` when there was none.
    var afterDash: [String]?

    /// The last value of a flag.
    func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable flag; comma-separated values are split when `split` is set.
    func all(_ name: String, split: Bool = false) -> [String] {
        let raw = values[name] ?? []
        guard split else { return raw }
        return raw.flatMap { $0.split(separator: ",").map(String.init) }
    }
    /// Whether a boolean flag is set.
    func flag(_ name: String) -> Bool { bools[name] ?? false }
    /// Whether a boolean flag was given at all (true or false).
    func has(_ name: String) -> Bool { bools[name] != nil || values[name] != nil }

    /// An integer flag, or an error naming the bad value.
    func int(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else {
            throw KubectlError.error(
                "invalid argument \"\(text)\" for \"--\(name)\" flag: strconv.ParseInt: "
                    + "parsing \"\(text)\": invalid syntax")
        }
        return number
    }

    /// Parses words against a flag spec, kubectl (pflag) style: flags may appear anywhere.
    static func parse(_ words: [String], spec: FlagSpec) throws -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        func next(_ flag: String) throws -> String {
            index += 1
            guard index < words.count else { throw KubectlError.error("flag needs an argument: \(flag)") }
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            if result.afterDash != nil {
                result.afterDash?.append(word)
            } else if word == "--" {
                result.afterDash = []
            } else if word.hasPrefix("--") {
                let body = String(word.dropFirst(2))
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? body
                let inline: String? =
                    body.contains("=") ? String(body[body.index(after: body.firstIndex(of: "=")!)...]) : nil
                if let canonical = spec.valueFlags["--\(name)"] {
                    result.values[canonical, default: []].append(try inline ?? next("--\(name)"))
                } else if let canonical = spec.boolFlags["--\(name)"] {
                    result.bools[canonical] = try parseBool(inline ?? "true", flag: name)
                } else {
                    throw KubectlError.error("unknown flag: --\(name)")
                }
            } else if word.hasPrefix("-"), word.count > 1, Double(word) == nil {
                let letters = Array(word.dropFirst())
                var position = 0
                while position < letters.count {
                    let letter = "-\(letters[position])"
                    if let canonical = spec.valueFlags[letter] {
                        var rest = String(letters[(position + 1)...])
                        if rest.hasPrefix("=") { rest.removeFirst() }
                        result.values[canonical, default: []].append(rest.isEmpty ? try next(letter) : rest)
                        break
                    } else if let canonical = spec.boolFlags[letter] {
                        result.bools[canonical] = true
                        position += 1
                    } else {
                        throw KubectlError.error("unknown shorthand flag: '\(letters[position])' in \(word)")
                    }
                }
            } else {
                result.positionals.append(word)
            }
            index += 1
        }
        return result
    }

    private static func parseBool(_ text: String, flag: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1", "t": return true
        case "false", "0", "f": return false
        default:
            throw KubectlError.error(
                "invalid argument \"\(text)\" for \"--\(flag)\" flag: strconv.ParseBool: "
                    + "parsing \"\(text)\": invalid syntax")
        }
    }

    /// Splits off the verb: the first word that is not a global flag or a global flag's value.
    static func splitVerb(_ words: [String]) -> (verb: String?, rest: [String]) {
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { break }
            if word.hasPrefix("-") {
                let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                if !word.contains("="), FlagSpec.global.valueFlags[name] != nil, name.count > 2 || word.count == 2 {
                    index += 2
                } else {
                    index += 1
                }
                continue
            }
            var rest = words
            rest.remove(at: index)
            return (word, rest)
        }
        return (nil, words)
    }
}
