import Foundation

/// Checks of the two script-running text tools, `awk` and `sed`, which could otherwise write files or run commands.
extension ShellPolicy {
    static func checkAwk(_ args: [String], _ context: Context) throws(ShellRefusal) {
        let scan = ShellOptions(
            args, shortWithValue: ["F", "v", "f", "e", "i", "l", "E"],
            longWithValue: ["field-separator", "assign", "file", "source", "include", "load", "exec"],
            stopAtFirstOperand: true)
        if scan.has("-l", "--load") {
            throw ShellRefusal(
                "Error: Cannot use `awk -l`: loading extensions is not allowed. Use plain awk, "
                    + "e.g. `awk '{print $1}'`.")
        }
        for file in scan.values("-f", "--file", "-i", "--include", "-E", "--exec") {
            try context.requireInside(file, "`awk -f` can only read")
        }
        var operands = scan.operands + (scan.afterSeparator ?? [])
        var programs = scan.values("-e", "--source")
        if !scan.has("-f", "--file", "-E", "--exec", "-e", "--source"), !operands.isEmpty {
            programs.append(operands.removeFirst())
        }
        for program in programs {
            if let problem = awkProgramProblem(program) {
                throw ShellRefusal(
                    "Error: Cannot use this awk program: \(problem) awk may only read and print; "
                        + "redirect its output with `> file` inside the workspace, e.g. `awk '{print $1}' > names.txt`."
                )
            }
        }
        for operand in operands where operand != "-" && !isAwkAssignment(operand) {
            try context.requireInside(operand, "`awk` can only read")
        }
    }

    /// Why an awk program is not read-only, or `nil`. String literals are skipped; `>` and `|` count inside a
    /// `print`/`printf` statement outside parentheses.
    static func awkProgramProblem(_ program: String) -> String? {
        let chars = Array(program)
        var index = 0
        var inPrint = false
        var depth = 0
        var word = ""
        func endWord() -> String? {
            defer { word = "" }
            switch word {
            case "system": return "it calls `system()`, which runs commands."
            case "getline": return "it uses `getline`, which reads other files or commands."
            case "print", "printf":
                inPrint = true
                depth = 0
            default: break
            }
            return nil
        }
        while index < chars.count {
            let c = chars[index]
            if c.isLetter || c == "_" || (c.isNumber && !word.isEmpty) {
                word.append(c)
                index += 1
                continue
            }
            if let problem = endWord() { return problem }
            switch c {
            case "\"":
                index += 1
                while index < chars.count, chars[index] != "\"" {
                    index += chars[index] == "\\" ? 2 : 1
                }
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case ";", "}", "\n", "{": inPrint = false
            case ">", "|":
                if inPrint && depth == 0 {
                    return "`print` output is redirected to a file or piped to a command."
                }
                if c == "|", index + 1 < chars.count, chars[index + 1] == "&" {
                    return "it starts a co-process with `|&`."
                }
            default: break
            }
            index += 1
        }
        return endWord()
    }

    private static func isAwkAssignment(_ operand: String) -> Bool {
        guard let eq = operand.firstIndex(of: "="), eq != operand.startIndex else { return false }
        let name = operand[..<eq]
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(name.first?.isNumber ?? true)
    }

    static func checkSed(_ args: [String], _ context: Context) throws(ShellRefusal) {
        let scan = ShellOptions(
            args, shortWithValue: ["e", "f", "l"], longWithValue: ["expression", "file", "line-length"])
        if scan.has("-i", "--in-place") {
            throw ShellRefusal(
                "Error: Cannot use `sed -i` because it edits files in place. Use `sed` without "
                    + "-i to print the result, e.g. `sed 's/a/b/' file.txt > new.txt`, or change the cluster with "
                    + "`kubectl patch`.")
        }
        for file in scan.values("-f", "--file") {
            try context.requireInside(file, "`sed -f` can only read")
        }
        var operands = scan.operands + (scan.afterSeparator ?? [])
        var scripts = scan.values("-e", "--expression")
        if !scan.has("-e", "--expression", "-f", "--file"), !operands.isEmpty {
            scripts.append(operands.removeFirst())
        }
        for script in scripts {
            if let problem = sedScriptProblem(script) {
                throw ShellRefusal(
                    "Error: Cannot use this sed script: \(problem) sed may only print; redirect "
                        + "its output with `> file` inside the workspace, e.g. `sed -n '1,20p' pods.txt > top.txt`.")
            }
        }
        for operand in operands where operand != "-" {
            try context.requireInside(operand, "`sed` can only read")
        }
    }

    /// Why a sed script is not read-only (`w`, `W`, `r`, `R`, `e` commands, `s///w` or `s///e`), or `nil`.
    static func sedScriptProblem(_ script: String) -> String? {
        let chars = Array(script)
        var i = 0
        func skipDelimited(_ delimiter: Character) {
            while i < chars.count, chars[i] != delimiter {
                i += chars[i] == "\\" ? 2 : 1
            }
            i += 1
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t", "\n", ";", "{", "}", "!", ",", "$", "~":
                i += 1
            case "0"..."9":
                i += 1
            case "/":
                i += 1
                skipDelimited("/")
            case "\\":
                guard i + 1 < chars.count else { return nil }
                let delimiter = chars[i + 1]
                i += 2
                skipDelimited(delimiter)
            case "s", "y":
                guard i + 1 < chars.count else { return nil }
                let delimiter = chars[i + 1]
                i += 2
                skipDelimited(delimiter)
                skipDelimited(delimiter)
                if c == "s" {
                    while i < chars.count, !";}\n".contains(chars[i]) {
                        if chars[i] == "w" { return "the `w` flag of `s` writes a file." }
                        if chars[i] == "e" { return "the `e` flag of `s` runs a command." }
                        i += 1
                    }
                }
            case "a", "i", "c", "b", "t", "T", ":", "#":
                while i < chars.count, chars[i] != "\n",
                    !(c != "a" && c != "i" && c != "c" && c != "#"
                        && chars[i] == ";")
                { i += 1 }
            case "w", "W": return "the `\(c)` command writes a file."
            case "r", "R": return "the `\(c)` command reads another file."
            case "e": return "the `e` command runs a command."
            default:
                i += 1
            }
        }
        return nil
    }
}
