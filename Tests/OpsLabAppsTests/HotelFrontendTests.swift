import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Hotel frontend")
struct HotelFrontendTests {
    private func get(_ frontend: FrontendService, _ target: String, method: String = "GET") async -> RoleHTTPResponse {
        await frontend.respond(RoleHTTPRequest(method: method, target: target))
    }

    @Test func badRequestMessagesAreTheOriginals() async throws {
        let (_, frontend) = try await HotelTestApp.make()
        let cases: [(String, String)] = [
            ("/hotels?lat=1&lon=2", "Please specify inDate/outDate params\n"),
            ("/hotels?inDate=2015-04-09&outDate=2015-04-10", "Please specify location params\n"),
            ("/recommendations?require=dis", "Please specify location params\n"),
            ("/recommendations?lat=1&lon=2&require=cheap", "Please specify require params\n"),
            ("/user?username=Cornell_1", "Please specify username and password\n"),
            ("/reservation?inDate=2015-04-09", "Please specify inDate/outDate params\n"),
            ("/reservation?inDate=2015-4-9&outDate=2015-04-10", "Please check inDate/outDate format (YYYY-MM-DD)\n"),
            ("/reservation?inDate=2015-04-09&outDate=2015-04-10", "Please specify hotelId params\n"),
            ("/reservation?inDate=2015-04-09&outDate=2015-04-10&hotelId=1", "Please specify customerName params\n"),
            (
                "/reservation?inDate=2015-04-09&outDate=2015-04-10&hotelId=1&customerName=a",
                "Please specify username and password\n"
            ),
        ]
        for (target, message) in cases {
            let response = await get(frontend, target)
            #expect(response.status == 400, "\(target)")
            #expect(response.bodyText == message, "\(target)")
            #expect(response.header("Access-Control-Allow-Origin") == "*")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        }
    }

    @Test func hotelsAnswersGeoJSONThroughSearchReservationAndProfile() async throws {
        let (_, frontend) = try await HotelTestApp.make()
        let response = await get(
            frontend, "http://localhost:5000/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112",
            method: "POST")
        #expect(response.status == 200)
        #expect(response.bodyText.hasSuffix("}\n"))
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let json = try #require(response.jsonBody)
        #expect(json["type"] == "FeatureCollection")
        let features = try #require(json["features"]?.arrayValue)
        #expect(features.compactMap { $0["id"]?.stringValue } == ["2", "1", "3"])
        let clift = features[1]
        #expect(clift["type"] == "Feature")
        #expect(clift["properties"] == ["name": "Clift Hotel", "phone_number": "(415) 775-4700"])
        #expect(clift["geometry"]?["type"] == "Point")
        #expect(clift["geometry"]?["coordinates"] == [.double(-122.4112), .double(37.7867)])
        #expect(response.bodyText.contains("[-122.4112,37.7867]"))
    }

    @Test func recommendationsUserAndReservation() async throws {
        let (_, frontend) = try await HotelTestApp.make()
        let rate = await get(frontend, "/recommendations?require=rate&lat=38.0235&lon=-122.095")
        let ids = rate.jsonBody?["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["9", "24", "39", "54", "69"])
        let login = await get(frontend, "/user?username=Cornell_7&password=7777777777", method: "POST")
        #expect(login.bodyText == "{\"message\":\"Login successfully!\"}\n")
        let wrong = await get(frontend, "/user?username=Cornell_7&password=nope")
        #expect(wrong.jsonBody?["message"] == .string(FrontendService.loginFailed))
        let query = "inDate=2015-04-09&outDate=2015-04-10&lat=nil&lon=nil&hotelId=5&customerName=Cornell_3"
        let reserved = await get(frontend, "/reservation?\(query)&username=Cornell_3&password=3333333333&number=1")
        #expect(reserved.jsonBody?["message"] == "Reserve successfully!")
        let badLogin = await get(frontend, "/reservation?\(query)&username=Cornell_3&password=x&number=1")
        #expect(badLogin.jsonBody?["message"] == .string(FrontendService.loginFailed))
        let full = await get(frontend, "/reservation?\(query)&username=Cornell_3&password=3333333333&number=500")
        #expect(full.jsonBody?["message"] == "Failed. Already reserved. ")
    }

    @Test func aMissingGeoGives500NamingGeo() async throws {
        let (_, frontend) = try await HotelTestApp.make(without: [.geo])
        let response = await get(frontend, "/hotels?inDate=2015-04-09&outDate=2015-04-10&lat=37.7867&lon=-122.4112")
        #expect(response.status == 500)
        #expect(response.bodyText.hasPrefix("rpc error: code = Unavailable desc = "))
        #expect(response.bodyText.contains("/geo.Geo/Nearby via geo:8083"))
        let recommendations = await get(frontend, "/recommendations?require=dis&lat=38&lon=-122")
        #expect(recommendations.status == 200)
    }

    @Test func geoJSONShapeAndFloat32Printing() throws {
        let hotel = try JSONValue(encoding: HotelDataSet.profiles[79])
        let collection = FrontendService.geoJSON([hotel])
        let text = collection.jsonString()
        #expect(text.hasPrefix("{\"features\":[{\"geometry\":{\"coordinates\":[-121.77,38.2635],\"type\":\"Point\"}"))
        #expect(FrontendService.float32(37.78670001) == 37.7867)
        #expect(FrontendService.geoJSON([]) == ["type": "FeatureCollection", "features": []])
    }

    @Test func unknownPathsAre404AndTheRootServesAPage() async throws {
        let (_, frontend) = try await HotelTestApp.make()
        #expect(await get(frontend, "/nope").status == 404)
        let root = await get(frontend, "/")
        #expect(root.status == 200 && root.bodyText.contains("<html>"))
    }
}
