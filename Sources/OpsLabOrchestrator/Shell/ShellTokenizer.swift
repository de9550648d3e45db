import Foundation

/// A lexical token of an `exec_shell` line.
enum ShellToken: Sendable, Hashable {
    /// A word after quote removal.
    case word(String)
    /// An operator such as `|`, `&&`, `;`, `>`, `>>`, `<`, `>&`; `descriptor` is an explicit `N` before `>`/`<`.
    case op(String, descriptor: Int?)
}

/// Splits a line into words and operators, applying POSIX quoting rules and refusing expansions.
struct ShellTokenizer {
    private let chars: [Character]
    private var index = 0
    private var tokens: [ShellToken] = []
    private var word = ""
    /// Whether the current word has started (a quoted empty string `''` still makes a word).
    private var inWord = false
    /// Whether any part of the current word was quoted or escaped (such a word is never a descriptor number).
    private var wordQuoted = false

    init(_ line: String) {
        self.chars = Array(line)
    }

    mutating func tokenize() throws(ShellParseError) -> [ShellToken] {
        while index < chars.count {
            let c = chars[index]
            switch c {
            case " ", "\t", "\r":
                finishWord()
                index += 1
            case "\n":
                finishWord()
                tokens.append(.op(";", descriptor: nil))
                index += 1
            case "#" where !inWord:
                while index < chars.count, chars[index] != "\n" { index += 1 }
            case "\\":
                index += 1
                guard index < chars.count else { throw ShellParseError("The line ends with a lone backslash.") }
                if chars[index] != "\n" {
                    word.append(chars[index])
                    startWord(quoted: true)
                }
                index += 1
            case "'":
                startWord(quoted: true)
                index += 1
                guard let end = chars[index...].firstIndex(of: "'") else {
                    throw ShellParseError("A single quote (') is never closed.")
                }
                word.append(contentsOf: chars[index..<end])
                index = end + 1
            case "\"":
                startWord(quoted: true)
                index += 1
                try readDoubleQuoted()
            case "$":
                try checkDollar()
                word.append(c)
                startWord(quoted: false)
                index += 1
            case "`":
                throw Self.substitutionError
            case "~" where !inWord:
                throw ShellParseError(
                    "`~` (the home directory) is not available: commands run in the session workspace. "
                        + "Use a relative path such as `./notes.txt`.")
            case "|", "&", ";", "<", ">", "(", ")":
                try readOperator()
            default:
                word.append(c)
                startWord(quoted: false)
                index += 1
            }
        }
        finishWord()
        return tokens
    }

    static let substitutionError = ShellParseError(
        "Command substitution (`$(…)` or backticks) is not supported: exec_shell runs each command once, as "
            + "written. Run the inner command first, then use its output in the next call.")

    private mutating func startWord(quoted: Bool) {
        inWord = true
        if quoted { wordQuoted = true }
    }

    private mutating func finishWord() {
        if inWord { tokens.append(.word(word)) }
        word = ""
        inWord = false
        wordQuoted = false
    }

    private mutating func readDoubleQuoted() throws(ShellParseError) {
        while index < chars.count {
            let c = chars[index]
            switch c {
            case "\"":
                index += 1
                return
            case "\\":
                let next = index + 1 < chars.count ? chars[index + 1] : nil
                if let next, "$`\"\\".contains(next) {
                    word.append(next)
                    index += 2
                } else if next == "\n" {
                    index += 2
                } else {
                    word.append(c)
                    index += 1
                }
            case "$":
                try checkDollar()
                word.append(c)
                index += 1
            case "`":
                throw Self.substitutionError
            default:
                word.append(c)
                index += 1
            }
        }
        throw ShellParseError("A double quote (\") is never closed.")
    }

    /// Refuses `$(…)`, `${…}`, `$NAME` and special parameters; a `$` before anything else stays literal.
    private func checkDollar() throws(ShellParseError) {
        guard index + 1 < chars.count else { return }
        let next = chars[index + 1]
        if next == "(" { throw Self.substitutionError }
        if next == "{" || next == "_" || next.isLetter || next.isNumber || "?$!#@*-".contains(next) {
            throw ShellParseError(
                "Variable expansion (`$NAME`, `${…}`) is not supported: there are no shell variables here. "
                    + "Write the value itself, or put `$` inside single quotes (e.g. awk '{print $1}').")
        }
    }

    private mutating func readOperator() throws(ShellParseError) {
        var descriptor: Int?
        let c = chars[index]
        if c == "<" || c == ">", inWord, !wordQuoted, !word.isEmpty, word.allSatisfy(\.isASCIIDigit) {
            descriptor = Int(word)
            word = ""
            inWord = false
        } else {
            finishWord()
        }
        let next = index + 1 < chars.count ? chars[index + 1] : nil
        let two = next.map { String(c) + String($0) }
        let op: String
        if let two, ["&&", "||", ">>", ">&", "<&", "<<", "&>", "|&", ">|", ";;"].contains(two) {
            op = two
            index += 2
        } else {
            op = String(c)
            index += 1
        }
        tokens.append(.op(op, descriptor: descriptor))
    }
}

extension Character {
    /// Whether this is one of `0`–`9`.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
