/// The PromQL functions the evaluator implements, with their argument and return types.
public enum PromQLFunctions {
    /// A function's signature: argument types, how many may be omitted at the end, and the return type.
    public struct Signature: Sendable, Hashable {
        /// Argument types in order.
        public let arguments: [PromQLValueType]
        /// How many trailing arguments are optional.
        public let optional: Int
        /// Whether the last argument may repeat (label_join).
        public let variadic: Bool
        /// The return type.
        public let returns: PromQLValueType

        init(
            _ arguments: [PromQLValueType], optional: Int = 0, variadic: Bool = false,
            returns: PromQLValueType = .vector
        ) {
            self.arguments = arguments
            self.optional = optional
            self.variadic = variadic
            self.returns = returns
        }
    }

    /// Every supported function by name.
    public static let signatures: [String: Signature] = {
        var table: [String: Signature] = [:]
        for name in ["rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets"] {
            table[name] = Signature([.matrix])
        }
        for name in ["avg", "sum", "min", "max", "count", "last", "stddev", "stdvar", "present", "absent"] {
            table["\(name)_over_time"] = Signature([.matrix])
        }
        table["quantile_over_time"] = Signature([.scalar, .matrix])
        for name in [
            "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sort", "sort_desc", "timestamp",
        ] {
            table[name] = Signature([.vector])
        }
        table["round"] = Signature([.vector, .scalar], optional: 1)
        table["clamp_min"] = Signature([.vector, .scalar])
        table["clamp_max"] = Signature([.vector, .scalar])
        table["clamp"] = Signature([.vector, .scalar, .scalar])
        table["time"] = Signature([], returns: .scalar)
        table["vector"] = Signature([.scalar])
        table["scalar"] = Signature([.vector], returns: .scalar)
        table["absent"] = Signature([.vector])
        table["histogram_quantile"] = Signature([.scalar, .vector])
        table["label_replace"] = Signature([.vector, .string, .string, .string, .string])
        table["label_join"] = Signature([.vector, .string, .string, .string], optional: 1, variadic: true)
        table["predict_linear"] = Signature([.matrix, .scalar])
        return table
    }()
}
