import Foundation
import OpsLabCore
import Testing

@testable import OpsLabApps

@Suite("Hotel data set")
struct HotelDataSetTests {
    @Test func sha256KnownVectors() {
        #expect(HotelSHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(HotelSHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = String(repeating: "a", count: 1000)
        #expect(HotelSHA256.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func shapesMatchTheOriginal() {
        #expect(HotelDataSet.geoPoints.count == 80)
        #expect(HotelDataSet.profiles.count == 80)
        #expect(HotelDataSet.recommendations.count == 80)
        #expect(HotelDataSet.capacities.count == 80)
        #expect(HotelDataSet.users.count == 501)
        let planIds = HotelDataSet.ratePlans.map(\.hotelId)
        #expect(planIds.count == 27)
        #expect(Array(planIds.prefix(4)) == ["1", "2", "3", "9"])
        #expect(planIds.last == "78")
    }

    @Test func hotelsAndLocations() throws {
        let profiles = HotelDataSet.profiles
        #expect(profiles[0].name == "Clift Hotel" && profiles[0].phoneNumber == "(415) 775-4700")
        #expect(profiles[0].address.lat == 37.7867 && profiles[0].address.lon == -122.4112)
        #expect(profiles[2].address.lat == 37.7834)
        #expect(HotelDataSet.geoPoints[2].lat == 37.7854)
        let last = try #require(profiles.last)
        #expect(last.id == "80" && last.name == "St. Regis San Francisco" && last.phoneNumber == "(415) 284-4080")
        #expect(abs(last.address.lat - 38.2635) < 1e-9 && abs(last.address.lon - -121.77) < 1e-9)
        #expect(last.address.streetName == "3rd St" && last.address.postalCode == "94109")
    }

    @Test func ratesCapacitiesAndUsers() throws {
        let plans = Dictionary(HotelDataSet.ratePlans.map { ($0.hotelId, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(plans["2"]?.roomType.code == "QN" && plans["2"]?.roomType.totalRateInclusive == 153.09)
        #expect(plans["9"]?.roomType.totalRate == 232 && plans["9"]?.outDate == "2015-04-24")
        #expect(plans["12"]?.roomType.totalRate == 124 && plans["12"]?.outDate == "2015-04-17")
        let capacity = Dictionary(uniqueKeysWithValues: HotelDataSet.capacities.map { ($0.hotelId, $0.numberOfRoom) })
        #expect(capacity["6"] == 200 && capacity["7"] == 300 && capacity["8"] == 250 && capacity["9"] == 200)
        let users = HotelDataSet.users
        #expect(users[7].username == "Cornell_7")
        #expect(users[7].password == HotelSHA256.hex("7777777777"))
        #expect(HotelDataSet.password(forUser: 42) == "42424242424242424242")
        #expect(users[500].username == "Cornell_500")
    }

    @Test func datesAndNights() {
        #expect(HotelDate.day("1970-01-01") == 0)
        #expect(HotelDate.string(HotelDate.day("2015-04-30")! + 1) == "2015-05-01")
        #expect(HotelDate.string(HotelDate.day("2016-02-28")! + 1) == "2016-02-29")
        let nights = HotelDate.nights(from: "2015-04-09", to: "2015-04-11")
        #expect(nights.map(\.0) == ["2015-04-09", "2015-04-10"] && nights.last?.1 == "2015-04-11")
        #expect(HotelDate.nights(from: "2015-04-11", to: "2015-04-09").isEmpty)
        #expect(HotelDate.checkFormat("2015-04-09"))
        #expect(!HotelDate.checkFormat("2015-4-09") && !HotelDate.checkFormat("2015/04/09"))
    }

    @Test func logLineFormat() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let line = HotelLogger.format(.fatal, "cmd/geo/db.go:35", "not authorized", date: date)
        #expect(line == "2023-11-14T22:13:20Z FTL cmd/geo/db.go:35 > not authorized")
    }
}
