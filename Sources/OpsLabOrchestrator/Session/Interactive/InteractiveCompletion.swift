import Foundation
import OpsLabCore

/// What Tab can insert: the word being completed (where it starts in the line) and the candidates for it.
public struct InteractiveCompletion: Sendable, Hashable {
    /// The offset, in characters, where the completed word starts.
    public var wordStart: Int
    /// The full candidate words, sorted.
    public var candidates: [String]
    /// Whether a unique candidate is followed by a space (not for `name(`).
    public var appendsSpace: Bool

    /// Creates a completion.
    public init(wordStart: Int, candidates: [String], appendsSpace: Bool = true) {
        self.wordStart = wordStart
        self.candidates = candidates
        self.appendsSpace = appendsSpace
    }

    /// The longest prefix shared by every candidate.
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Completions for the text before the cursor.
    ///
    /// - Parameters:
    ///   - text: the line up to the cursor.
    ///   - problemIDs: the ids `start` completes.
    ///   - appNames: the apps `problems --app` completes.
    ///   - actions: the current task's action names, inside an episode (`nil` outside one); they complete as
    ///     `name(`, and `start`/`problems` are not offered then.
    public static func complete(
        _ text: String, problemIDs: [String], appNames: [String] = [], actions: [String]? = nil
    ) -> InteractiveCompletion {
        let characters = Array(text)
        var start = characters.count
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        let word = String(characters[start...])
        let before = characters[..<start].split(whereSeparator: \.isWhitespace).map { String($0) }
        func matching(_ words: [String], space: Bool = true) -> InteractiveCompletion {
            InteractiveCompletion(
                wordStart: start, candidates: words.filter { $0.hasPrefix(word) }.sorted(), appendsSpace: space)
        }
        guard let command = before.first else {
            if let actions {
                let calls = matching(actions.map { "\($0)(" }, space: false)
                let words = matching(["help", "exit", "quit"])
                return InteractiveCompletion(
                    wordStart: start, candidates: (calls.candidates + words.candidates).sorted(),
                    appendsSpace: calls.candidates.isEmpty)
            }
            return matching(InteractiveCommand.words)
        }
        guard actions == nil else { return InteractiveCompletion(wordStart: start, candidates: []) }
        switch command {
        case "start" where before.count == 1:
            return matching(problemIDs)
        case "problems":
            switch before.last {
            case "--app": return matching(appNames)
            case "--task": return matching(TaskKind.allCases.map(\.rawValue))
            default: return matching(["--app", "--task"])
            }
        default:
            return InteractiveCompletion(wordStart: start, candidates: [])
        }
    }
}
