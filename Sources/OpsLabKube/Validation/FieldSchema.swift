/// The shape of an API object's fields, as far as unknown-field detection needs it.
indirect enum FieldSchema: Sendable {
    /// Anything goes below here (not checked).
    case any
    /// A scalar (or a value not traversed further).
    case leaf
    /// An object with exactly these fields.
    case object([String: FieldSchema])
    /// An object with arbitrary keys whose values have this schema (labels, data, resource lists).
    case map(FieldSchema)
    /// A list whose elements have this schema.
    case list(FieldSchema)

    /// An object whose fields are all scalars.
    static func leaves(_ names: String...) -> FieldSchema {
        .object(Dictionary(uniqueKeysWithValues: names.map { ($0, FieldSchema.leaf) }))
    }

    /// This object schema with more fields.
    func adding(_ fields: [String: FieldSchema]) -> FieldSchema {
        guard case .object(let existing) = self else { return self }
        return .object(existing.merging(fields) { _, new in new })
    }
}
