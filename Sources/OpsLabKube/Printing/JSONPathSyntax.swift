import OpsLabCore

/// One piece of a parsed jsonpath template.
indirect enum JSONPathSegment: Sendable, Hashable {
    /// Literal text printed as-is.
    case text(String)
    /// `{…}`: an expression whose results print separated by single spaces.
    case expression([JSONPathStep])
    /// `{range …}…{end}`: the body runs once per result of the expression, with that result as the root.
    case range([JSONPathStep], body: [JSONPathSegment])
}

/// One step of a jsonpath expression, applied to the current list of values.
indirect enum JSONPathStep: Sendable, Hashable {
    /// `.name` or `['name']`.
    case field(String)
    /// `.*` (all members or elements).
    case wildcard
    /// `..` (the current values and everything below them).
    case recursive
    /// `[i]`, `[a:b]`, `[a:b:c]`, `[*]`.
    case slice(JSONPathSlice)
    /// `[a,b]`: the union of sub-expressions.
    case union([[JSONPathStep]])
    /// `[?(…)]`.
    case filter(JSONPathFilter)
    /// A quoted string, number or boolean: replaces the current values.
    case literal(JSONValue)
    /// `range` or `end` (only valid first in an action).
    case identifier(String)
}

/// The parameters of an array slice, as client-go's `ParamsEntry` keeps them.
struct JSONPathSlice: Sendable, Hashable {
    var start: Int?
    var end: Int?
    var step: Int?
    /// The end was derived from a single index (`[i]` means `[i:i+1]`).
    var derivedEnd = false
}

/// `[?(left op right)]`; `op` is `exists` for `[?(@.x)]`.
struct JSONPathFilter: Sendable, Hashable {
    var left: [JSONPathStep]
    var op: String
    var right: [JSONPathStep]
}
