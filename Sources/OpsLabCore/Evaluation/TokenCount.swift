import Foundation

/// A number of tokens, and whether it was reported by the model provider or estimated from text.
public struct TokenCount: Sendable, Hashable {
    /// How the count was obtained.
    public enum Method: String, Sendable, Hashable {
        /// Reported by the agent (its model provider's usage figures).
        case reported
        /// Estimated from the text length at about 4 characters per token.
        case estimated
    }

    /// The number of tokens.
    public var value: Int
    /// How it was obtained.
    public var method: Method

    /// Creates a count.
    public init(_ value: Int, _ method: Method) {
        self.value = value
        self.method = method
    }

    /// The characters per token assumed by `estimate(_:)`.
    public static let charactersPerToken = 4

    /// An estimate for `text`: its character count divided by 4, rounded up.
    public static func estimate(_ text: String) -> TokenCount {
        TokenCount((text.count + charactersPerToken - 1) / charactersPerToken, .estimated)
    }
}

/// Input and output token counts of a session.
public struct TokenUsage: Sendable, Hashable {
    /// Tokens the agent read (the original counts the environment's observations).
    public var input: TokenCount
    /// Tokens the agent wrote.
    public var output: TokenCount

    /// Creates a usage.
    public init(input: TokenCount, output: TokenCount) {
        self.input = input
        self.output = output
    }

    /// Whether either count is an estimate.
    public var isEstimated: Bool { input.method == .estimated || output.method == .estimated }
}
