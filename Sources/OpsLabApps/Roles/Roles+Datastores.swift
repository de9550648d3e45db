extension Roles {
    /// The datastore roles: `mongodb` (images `mongo:4.4.6`, `mongo`; `--auth` turns on authorization) and
    /// `memcached` (image `memcached`, any tag; `-m`, `-p` as memcached's).
    static var datastores: [RoleDefinition] {
        [
            RoleDefinition(name: "mongodb", images: ["mongo:4.4.6", "mongo"]) { arguments, environment in
                try await DocumentStoreRole(arguments: arguments, environment: environment).run()
            },
            RoleDefinition(name: "memcached", images: ["memcached"]) { arguments, environment in
                try await MemcachedRole(arguments: arguments, environment: environment).run()
            },
        ]
    }
}
