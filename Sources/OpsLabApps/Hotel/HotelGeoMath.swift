import Foundation
import OpsLabCore

/// Great-circle distances.
public enum HotelGeoMath {
    /// The Earth's mean radius in kilometres.
    public static let earthRadiusKm = 6371.0

    /// The haversine distance in kilometres between two points given in degrees.
    public static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a =
            sin(dLat / 2) * sin(dLat / 2)
            + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}
