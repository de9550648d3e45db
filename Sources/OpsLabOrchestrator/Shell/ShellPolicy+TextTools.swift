import Foundation

extension ShellPolicy {
    /// How one read-only tool's arguments are read.
    struct ToolSpec {
        var short: Set<Character> = []
        var long: Set<String> = []
        var twoValues: Set<String> = []
        /// Options whose values name files the tool reads or writes.
        var fileOptions: Set<String> = []
        /// Options that are refused, with the refusal's reason and alternative.
        var refused: [String: String] = [:]
        /// Options after which the first operand is data, not a program/pattern (e.g. grep `-e`).
        var programOptions: Set<String> = []
        /// Whether the first operand is a program, pattern or filter rather than a file.
        var firstOperandIsProgram = false
    }

    static let toolSpecs: [String: ToolSpec] = [
        "cat": ToolSpec(),
        "ls": ToolSpec(
            short: ["I", "w", "T"],
            long: [
                "ignore", "hide", "width", "tabsize", "format", "sort", "time-style", "block-size",
                "indicator-style", "quoting-style",
            ]),
        "grep": grepSpec,
        "egrep": grepSpec,
        "head": ToolSpec(short: ["n", "c"], long: ["lines", "bytes"]),
        "tail": ToolSpec(
            short: ["n", "c", "s"], long: ["lines", "bytes", "pid", "sleep-interval", "max-unchanged-stats"],
            refused: Dictionary(
                uniqueKeysWithValues: ["-f", "-F", "--follow", "--retry", "--pid"].map {
                    (
                        $0,
                        "Error: Cannot use `tail \($0)` because it never ends. Use `tail -n 50 <file>`, or "
                            + "`kubectl logs <pod> -n <namespace> --tail 50` for logs."
                    )
                })),
        "sort": ToolSpec(
            short: ["k", "t", "o", "S", "T"],
            long: [
                "key", "field-separator", "output", "buffer-size", "temporary-directory", "files0-from",
                "parallel", "batch-size", "compress-program", "sort", "random-source",
            ],
            fileOptions: ["-o", "--output", "-T", "--temporary-directory", "--files0-from", "--random-source"],
            refused: [
                "--compress-program": "Error: Cannot use `sort --compress-program` because it runs another "
                    + "program. Use `sort` without it."
            ]),
        "uniq": ToolSpec(short: ["f", "s", "w"], long: ["skip-fields", "skip-chars", "check-chars", "group"]),
        "wc": ToolSpec(long: ["files0-from"], fileOptions: ["--files0-from"]),
        "cut": ToolSpec(
            short: ["d", "f", "b", "c"], long: ["delimiter", "fields", "bytes", "characters", "output-delimiter"]),
        "jq": ToolSpec(
            short: ["f", "L"], long: ["from-file", "indent"],
            twoValues: ["arg", "argjson", "slurpfile", "rawfile"],
            fileOptions: ["-f", "--from-file", "-L", "--slurpfile", "--rawfile"],
            programOptions: ["-f", "--from-file"], firstOperandIsProgram: true),
    ]

    static let grepSpec = ToolSpec(
        short: ["e", "f", "m", "A", "B", "C", "d", "D"],
        long: [
            "regexp", "file", "max-count", "after-context", "before-context", "context", "include", "exclude",
            "exclude-dir", "exclude-from", "label", "devices", "directories", "binary-files", "group-separator",
        ],
        fileOptions: ["-f", "--file", "--exclude-from"],
        programOptions: ["-e", "--regexp", "-f", "--file"], firstOperandIsProgram: true)

    /// Checks a tool described by `toolSpecs`: refused options, and every file it names inside the workspace.
    static func checkFileTool(_ name: String, _ args: [String], _ context: Context) throws(ShellRefusal) {
        guard let spec = toolSpecs[name] else { throw refusalForUnknown(name) }
        let scan = ShellOptions(
            args, shortWithValue: spec.short, longWithValue: spec.long, longWithTwoValues: spec.twoValues)
        for option in scan.options {
            if let message = spec.refused[option.name] { throw ShellRefusal(message) }
        }
        let verb = "`\(name)` can only read"
        for option in scan.options where spec.fileOptions.contains(option.name) {
            guard let value = option.value else { continue }
            let path =
                spec.twoValues.contains(String(option.name.dropFirst(2)))
                ? String(value.split(separator: "\u{0}").last ?? "") : value
            try context.requireInside(
                path,
                option.name == "-o" || option.name == "--output"
                    ? "`\(name) -o` can only write" : verb)
        }
        var operands = scan.operands + (scan.afterSeparator ?? [])
        if spec.firstOperandIsProgram, !scan.has(spec.programOptions.sorted()), !operands.isEmpty {
            let program = operands.removeFirst()
            if name == "jq", program.contains("import ") || program.contains("include ") {
                throw ShellRefusal(
                    "Error: Cannot use jq modules (`import`/`include`): they read files outside "
                        + "the workspace. Write the filter inline, e.g. `jq '.items[].metadata.name'`.")
            }
        }
        if name == "jq", scan.has("--args", "--jsonargs") { return }
        for path in operands where path != "-" {
            try context.requireInside(path, name == "uniq" ? "`uniq` can only read and write" : verb)
        }
    }
}

extension ShellOptions {
    /// Whether any option has one of `names`.
    func has(_ names: [String]) -> Bool {
        options.contains { names.contains($0.name) }
    }
}
