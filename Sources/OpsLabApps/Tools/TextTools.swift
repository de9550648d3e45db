import Foundation

/// Line filters for pipelines: `grep`, `head`, `tail`, `wc`.
enum TextTools {
    /// The input of a filter: the named files, else standard input.
    static func input(_ files: [String], _ context: ToolContext, name: String) async -> (Data, Int32) {
        guard !files.isEmpty else { return (await context.readStandardInput(), 0) }
        var data = Data()
        var code: Int32 = 0
        for file in files {
            switch BasicTools.readFile(file, context) {
            case .success(let contents): data.append(contents)
            case .failure(let message):
                context.err("\(name): \(file): \(message.text)\n")
                code = 2
            }
        }
        return (data, code)
    }

    /// Splits text into lines without their terminators.
    static func lines(_ data: Data) -> [String] {
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `grep [-i] [-v] [-c] [-n] [-E|-F] PATTERN [FILE…]`: basic regular expressions via NSRegularExpression.
    static func grep(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        var flags = Set<Character>()
        var rest: [String] = []
        var pattern: String?
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "-e", index + 1 < arguments.count {
                pattern = arguments[index + 1]
                index += 2
                continue
            }
            if word.hasPrefix("-"), word.count > 1, rest.isEmpty, pattern == nil || word != "-" {
                flags.formUnion(word.dropFirst())
            } else if pattern == nil {
                pattern = word
            } else {
                rest.append(word)
            }
            index += 1
        }
        guard let pattern else {
            context.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
            return 2
        }
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        let source = flags.contains("F") ? NSRegularExpression.escapedPattern(for: pattern) : pattern
        guard let regex = try? NSRegularExpression(pattern: source, options: options) else {
            context.err("grep: Invalid regular expression\n")
            return 2
        }
        let (data, readCode) = await input(rest, context, name: "grep")
        var count = 0
        var output = ""
        for (number, line) in lines(data).enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            let hit = regex.firstMatch(in: line, range: range) != nil
            guard hit != flags.contains("v") else { continue }
            count += 1
            if !flags.contains("c") && !flags.contains("q") {
                output += (flags.contains("n") ? "\(number + 1):" : "") + line + "\n"
            }
        }
        if flags.contains("c") { output = "\(count)\n" }
        context.out(output)
        if readCode != 0 { return readCode }
        return count > 0 ? 0 : 1
    }

    /// `head`/`tail` with `-n N`, `-nN` or `-N` (default 10).
    static func headOrTail(_ arguments: [String], _ context: ToolContext, head: Bool) async -> Int32 {
        var count = 10
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "-n", index + 1 < arguments.count {
                count = Int(arguments[index + 1]) ?? count
                index += 1
            } else if word.hasPrefix("-n"), let value = Int(word.dropFirst(2)) {
                count = value
            } else if word.hasPrefix("-"), let value = Int(word.dropFirst()) {
                count = value
            } else {
                files.append(word)
            }
            index += 1
        }
        let (data, code) = await input(files, context, name: head ? "head" : "tail")
        let all = lines(data)
        let selected = head ? Array(all.prefix(max(count, 0))) : Array(all.suffix(max(count, 0)))
        context.out(selected.map { $0 + "\n" }.joined())
        return code == 0 ? 0 : 1
    }

    /// `wc [-l|-w|-c]`.
    static func wc(_ arguments: [String], _ context: ToolContext) async -> Int32 {
        let flags = arguments.filter { $0.hasPrefix("-") }.joined()
        let files = arguments.filter { !$0.hasPrefix("-") }
        let (data, code) = await input(files, context, name: "wc")
        let text = String(decoding: data, as: UTF8.self)
        let lineCount = text.filter { $0 == "\n" }.count
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        var fields: [String] = []
        if flags.isEmpty || flags.contains("l") { fields.append(String(lineCount)) }
        if flags.isEmpty || flags.contains("w") { fields.append(String(words)) }
        if flags.isEmpty || flags.contains("c") { fields.append(String(data.count)) }
        context.out(fields.joined(separator: " ") + "\n")
        return code == 0 ? 0 : 1
    }
}
