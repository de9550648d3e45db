extension Roles {
    /// The HotelReservation services (image `yinfangchen/hotelreservation`, dispatched on the command).
    static var hotelReservation: [RoleDefinition] { [] }
}
