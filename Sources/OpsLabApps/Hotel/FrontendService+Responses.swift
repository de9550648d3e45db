import Foundation
import OpsLabCore

extension FrontendService {
    /// The GeoJSON FeatureCollection the original answers for a list of profiles: each feature has the
    /// hotel id, its name and phone number, and a Point at `[lon, lat]` (as float32 values).
    public static func geoJSON(_ hotels: [JSONValue]) -> JSONValue {
        let features: [JSONValue] = hotels.map { hotel in
            let lat = hotel[path: ["address", "lat"]]?.doubleValue ?? 0
            let lon = hotel[path: ["address", "lon"]]?.doubleValue ?? 0
            return [
                "type": "Feature",
                "id": hotel["id"] ?? "",
                "properties": [
                    "name": hotel["name"] ?? "",
                    "phone_number": hotel["phoneNumber"] ?? "",
                ],
                "geometry": [
                    "type": "Point",
                    "coordinates": [.double(float32(lon)), .double(float32(lat))],
                ],
            ]
        }
        return ["type": "FeatureCollection", "features": .array(features)]
    }

    /// A value rounded to float32 precision but printed as its shortest float32 text (`37.7867`, not
    /// `37.78670120239258`), as Go encodes a `float32`.
    public static func float32(_ value: Double) -> Double {
        Double(String(Float(value))) ?? value
    }

    /// Parses a query value as Go's `strconv.ParseFloat(s, 32)` with the error ignored (0 when malformed).
    static func float32(_ text: String) -> Double {
        guard let value = Float(text), value.isFinite else { return 0 }
        return Double(String(value)) ?? 0
    }

    /// A JSON success body with a trailing newline; the content type is what Go sniffs for it.
    static func json(_ value: JSONValue) -> RoleHTTPResponse {
        var body = value.jsonData()
        body.append(UInt8(ascii: "\n"))
        return RoleHTTPResponse(
            status: 200,
            headers: [("Access-Control-Allow-Origin", "*"), ("Content-Type", "text/plain; charset=utf-8")],
            body: body)
    }

    /// An `http.Error` answer: text/plain, `nosniff`, the message and a newline.
    static func error(_ status: Int, _ message: String) -> RoleHTTPResponse {
        RoleHTTPResponse(
            status: status,
            headers: [
                ("Access-Control-Allow-Origin", "*"), ("Content-Type", "text/plain; charset=utf-8"),
                ("X-Content-Type-Options", "nosniff"),
            ],
            body: Data((message + "\n").utf8))
    }

    /// The static start page.
    static func page() -> RoleHTTPResponse {
        let html = """
            <!DOCTYPE html>
            <html><head><title>Hotel Reservation</title></head>
            <body><h1>Hotel Reservation</h1>
            <p>Try <a href="/hotels?inDate=2015-04-09&amp;outDate=2015-04-10&amp;lat=37.7867&amp;lon=-122.4112">\
            /hotels</a> or <a href="/recommendations?require=rate&amp;lat=38.0235&amp;lon=-122.095">\
            /recommendations</a>.</p>
            </body></html>

            """
        return RoleHTTPResponse(
            status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Data(html.utf8))
    }
}
