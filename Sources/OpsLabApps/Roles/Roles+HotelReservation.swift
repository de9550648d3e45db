extension Roles {
    /// The HotelReservation services (image `yinfangchen/hotelreservation`, dispatched on the command).
    static var hotelReservation: [RoleDefinition] {
        [
            RoleDefinition(
                name: "hotelreservation",
                images: ["yinfangchen/hotelreservation:latest", "yinfangchen/hotelreservation"]
            ) { arguments, environment in
                try await HotelReservationRole(arguments: arguments, environment: environment).run()
            }
        ]
    }
}
