import OpsLabWorkload

/// An application `opslab load` knows: where its entry Service is and which request mix drives it.
struct LoadApplication: Sendable {
    /// The name on the command line.
    var name: String
    /// The namespace the app is deployed into.
    var namespace: String
    /// The entry Service.
    var service: String
    /// The entry Service's port.
    var port: Int
    /// The request mix.
    var source: any RequestSource

    /// Every application `opslab load` can drive.
    static let all: [LoadApplication] = [
        LoadApplication(
            name: "hotel-reservation", namespace: "test-hotel-reservation", service: "frontend", port: 5000,
            source: HotelReservationWorkload())
    ]

    /// The application called `name`, if any.
    static func named(_ name: String) -> LoadApplication? {
        all.first { $0.name == name }
    }
}
