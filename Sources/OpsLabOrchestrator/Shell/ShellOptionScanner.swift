import Foundation

/// Options and operands of one command, scanned getopt-style.
struct ShellOptions {
    /// One option as written: `name` is `-x` or `--long`; `value` is its argument, if it takes one or has `=…`.
    struct Option {
        var name: String
        var value: String?
    }

    /// Options in order.
    var options: [Option] = []
    /// Non-option arguments in order (before `--`).
    var operands: [String] = []
    /// Arguments after a `--` separator.
    var afterSeparator: [String]?

    /// Scans `arguments`.
    ///
    /// - Parameters:
    ///   - shortWithValue: single-letter options that take an argument (attached `-n5` or next word `-n 5`).
    ///   - longWithValue: long options that take an argument (`--tail=5` or `--tail 5`).
    ///   - longWithTwoValues: long options that take two arguments (jq's `--arg name value`).
    ///   - stopAtFirstOperand: treat everything after the first operand as operands (POSIX `+` mode).
    init(
        _ arguments: [String], shortWithValue: Set<Character> = [], longWithValue: Set<String> = [],
        longWithTwoValues: Set<String> = [], stopAtFirstOperand: Bool = false
    ) {
        var index = 0
        while index < arguments.count {
            let arg = arguments[index]
            index += 1
            if arg == "--" {
                afterSeparator = Array(arguments[index...])
                return
            }
            if stopAtFirstOperand, !operands.isEmpty {
                operands.append(arg)
                continue
            }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    options.append(Option(name: "--" + body[..<eq], value: String(body[body.index(after: eq)...])))
                } else if longWithTwoValues.contains(String(body)) {
                    let values = arguments[index..<min(index + 2, arguments.count)]
                    options.append(Option(name: arg, value: values.joined(separator: "\u{0}")))
                    index += values.count
                } else if longWithValue.contains(String(body)), index < arguments.count {
                    options.append(Option(name: arg, value: arguments[index]))
                    index += 1
                } else {
                    options.append(Option(name: arg, value: nil))
                }
            } else if arg.hasPrefix("-"), arg.count > 1 {
                var letters = Substring(arg.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    if shortWithValue.contains(letter) {
                        if !letters.isEmpty {
                            let value = letters.hasPrefix("=") ? letters.dropFirst() : letters
                            options.append(Option(name: "-" + String(letter), value: String(value)))
                        } else if index < arguments.count {
                            options.append(Option(name: "-" + String(letter), value: arguments[index]))
                            index += 1
                        } else {
                            options.append(Option(name: "-" + String(letter), value: nil))
                        }
                        break
                    }
                    options.append(Option(name: "-" + String(letter), value: nil))
                }
            } else {
                operands.append(arg)
            }
        }
    }

    /// Whether any option has one of `names`.
    func has(_ names: String...) -> Bool {
        options.contains { names.contains($0.name) }
    }

    /// Whether a boolean option is set: present without a value, or with a value other than `false`.
    func isSet(_ names: String...) -> Bool {
        options.contains { names.contains($0.name) && $0.value?.lowercased() != "false" }
    }

    /// The values of options named `names`.
    func values(_ names: String...) -> [String] {
        options.filter { names.contains($0.name) }.compactMap(\.value)
    }
}
