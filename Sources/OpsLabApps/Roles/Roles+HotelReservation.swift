extension Roles {
    /// The image of AIOpsLab's `misconfig_app` fault: geo built with a config that points at the wrong port.
    public static let hotelBuggyGeoImage = "yinfangchen/geo:app3"
    /// The database address baked into ``hotelBuggyGeoImage``'s config (Mongo listens on 27017).
    public static let hotelBuggyGeoDatabaseAddress = "mongodb-geo:27777"

    /// The HotelReservation services (image `yinfangchen/hotelreservation`, dispatched on the command), and the
    /// buggy geo image of `misconfig_app` (the same binaries, whose geo dials its database on port 27777).
    static var hotelReservation: [RoleDefinition] {
        [
            RoleDefinition(
                name: "hotelreservation",
                images: ["yinfangchen/hotelreservation:latest", "yinfangchen/hotelreservation"]
            ) { arguments, environment in
                try await HotelReservationRole(arguments: arguments, environment: environment).run()
            },
            RoleDefinition(name: "hotelreservation-geo-app3", images: [hotelBuggyGeoImage]) { arguments, environment in
                try await HotelReservationRole(
                    arguments: arguments, environment: environment,
                    databaseAddresses: [.geo: hotelBuggyGeoDatabaseAddress]
                ).run()
            },
        ]
    }
}
