import Foundation

/// Turns a finished command's streams into the observation the agent sees.
public enum ShellOutput {
    /// The observation for a successful command that printed nothing. AIOpsLab returns the empty output as is
    /// (an empty string), and so do we.
    public static let noOutputText = ""

    /// The observation for a command's output.
    ///
    /// Standard output comes first, then standard error; runs of repeated lines are collapsed (see
    /// `LogLineCollapser`); the result is capped at `limit` characters (cut at a line end when one lies in the last
    /// fifth) followed by `[output truncated: showing the first X of Y characters]`; a non-zero exit adds
    /// `[exit code N]`, and a timeout adds `[timed out after N s: the whole command was stopped]`.
    public static func shape(
        _ stdout: String, _ stderr: String, exitCode: Int32, limit: Int = 8_000, timedOutAfter seconds: Int? = nil
    ) -> String {
        var text = trimTrailingNewlines(stdout)
        let err = trimTrailingNewlines(stderr)
        if !err.isEmpty { text = text.isEmpty ? err : text + "\n" + err }
        if !text.isEmpty {
            text = LogLineCollapser.collapse(text.split(separator: "\n", omittingEmptySubsequences: false))
                .joined(separator: "\n")
        }
        var notices: [String] = []
        let total = text.count
        if total > limit {
            text = cut(text, limit: max(0, limit))
            notices.append("[output truncated: showing the first \(text.count) of \(total) characters]")
        }
        if let seconds { notices.append("[timed out after \(seconds) s: the whole command was stopped]") }
        if exitCode != 0 { notices.append("[exit code \(exitCode)]") }
        if text.isEmpty && notices.isEmpty { return noOutputText }
        return ([text].filter { !$0.isEmpty } + notices).joined(separator: "\n")
    }

    private static func trimTrailingNewlines(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last == "\n" || last == "\r\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// The first `limit` characters, shortened to the last line end if one lies in the last fifth.
    private static func cut(_ text: String, limit: Int) -> String {
        let head = text.prefix(limit)
        if let newline = head.lastIndex(of: "\n"), head.distance(from: newline, to: head.endIndex) <= limit / 5 {
            return String(head[..<newline])
        }
        return String(head)
    }
}
