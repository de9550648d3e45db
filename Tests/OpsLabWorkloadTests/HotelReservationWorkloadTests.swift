import Foundation
import Testing

@testable import OpsLabWorkload

@Suite("HotelReservationWorkload")
struct HotelReservationWorkloadTests {
    func query(_ target: String) -> [String: String] {
        let query = target.split(separator: "?", maxSplits: 1).last ?? ""
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    func day(_ date: String?) -> Int? {
        guard let date, date.hasPrefix("2015-04-"), date.count == 10 else { return nil }
        return Int(date.suffix(2))
    }

    @Test func mixAndParametersOver100kDraws() {
        let workload = HotelReservationWorkload()
        var generator = SeededGenerator(seed: 2024)
        var kinds: [HotelReservationWorkload.Kind: Int] = [:]
        var requires: [String: Int] = [:]
        var problems: [String] = []
        for _ in 0..<100_000 {
            let (kind, request) = workload.draw(using: &generator)
            kinds[kind, default: 0] += 1
            let parameters = query(request.target)
            switch kind {
            case .search, .recommend:
                #expect(request.method == "GET")
                guard let lat = parameters["lat"].flatMap(Double.init),
                    let lon = parameters["lon"].flatMap(Double.init), (37.7829...38.2641).contains(lat),
                    (-122.2521...(-121.9269)).contains(lon)
                else {
                    problems.append(request.target)
                    continue
                }
                if kind == .search {
                    guard request.target.hasPrefix("/hotels?"), let inDay = day(parameters["inDate"]),
                        let outDay = day(parameters["outDate"]), (9...23).contains(inDay),
                        (inDay + 1...24).contains(outDay)
                    else {
                        problems.append(request.target)
                        continue
                    }
                } else {
                    guard request.target.hasPrefix("/recommendations?"), let require = parameters["require"] else {
                        problems.append(request.target)
                        continue
                    }
                    requires[require, default: 0] += 1
                }
            case .login, .reserve:
                #expect(request.method == "POST")
                guard let username = parameters["username"], username.hasPrefix("Cornell_"),
                    let id = Int(username.dropFirst("Cornell_".count)), (0...500).contains(id),
                    parameters["password"] == String(repeating: String(id), count: 10)
                else {
                    problems.append(request.target)
                    continue
                }
                if kind == .reserve {
                    guard request.target.hasPrefix("/reservation?"), let inDay = day(parameters["inDate"]),
                        let outDay = day(parameters["outDate"]), (9...23).contains(inDay),
                        (inDay + 1...inDay + 5).contains(outDay), parameters["lat"] == "nil",
                        parameters["lon"] == "nil",
                        let hotel = parameters["hotelId"].flatMap(Int.init), (1...80).contains(hotel),
                        parameters["customerName"] == username, parameters["number"] == "1"
                    else {
                        problems.append(request.target)
                        continue
                    }
                } else if !request.target.hasPrefix("/user?") {
                    problems.append(request.target)
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(abs(Double(kinds[.search, default: 0]) / 100_000 - 0.60) < 0.005)
        #expect(abs(Double(kinds[.recommend, default: 0]) / 100_000 - 0.39) < 0.005)
        #expect(abs(Double(kinds[.login, default: 0]) / 100_000 - 0.005) < 0.001)
        #expect(abs(Double(kinds[.reserve, default: 0]) / 100_000 - 0.005) < 0.001)
        let recommendations = Double(kinds[.recommend, default: 0])
        #expect(abs(Double(requires["dis", default: 0]) / recommendations - 0.33) < 0.01)
        #expect(abs(Double(requires["rate", default: 0]) / recommendations - 0.33) < 0.01)
        #expect(abs(Double(requires["price", default: 0]) / recommendations - 0.34) < 0.01)
        #expect(Set(requires.keys) == ["dis", "rate", "price"])
    }

    @Test func sameSeedSameRequestsOtherSeedOthers() {
        let workload = HotelReservationWorkload()
        func first(_ seed: UInt64) -> [LoadRequest] {
            var generator = SeededGenerator(seed: seed)
            return (0..<200).map { _ in workload.makeRequest(using: &generator) }
        }
        #expect(first(7) == first(7))
        #expect(first(7) != first(8))
    }

    @Test func formatsLikeTheLuaScript() {
        #expect(HotelReservationWorkload.luaNumber(38.0235 + (0 - 240.5) / 1000) == "37.783")
        #expect(HotelReservationWorkload.luaNumber(-122.095 + (325 - 157.0) / 1000) == "-121.927")
        #expect(HotelReservationWorkload.date(9) == "2015-04-09")
        #expect(HotelReservationWorkload.date(24) == "2015-04-24")
        var generator = SeededGenerator(seed: 1)
        let login = HotelReservationWorkload().login(using: &generator)
        let parameters = query(login.target)
        let id = parameters["username"]!.dropFirst("Cornell_".count)
        #expect(parameters["password"] == String(repeating: String(id), count: 10))
    }
}
