extension Roles {
    /// The datastore roles: `mongodb` (images `mongo`), `memcached` (image `memcached`).
    static var datastores: [RoleDefinition] { [] }
}
