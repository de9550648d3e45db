import Foundation
import Testing

@testable import OpsLabTelemetry

@Suite struct PrometheusAPITests {
    let now = Date(timeIntervalSince1970: 1_700_000_000.123)

    func makeAPI() -> PrometheusAPI {
        let store = TimeSeriesStore()
        let up = MetricLabels(name: "up", ["job": "geo", "instance": "127.0.1.2:8080"])
        store.append(up, timestampMs: 1_699_999_990_000, value: 1)
        store.append(MetricLabels(name: "errors_total", ["job": "geo"]), timestampMs: 1_699_999_990_000, value: 1.5)
        let metadata = MetricMetadataStore()
        metadata.record([MetricFamily(name: "errors_total", type: .counter, help: "Errors <all>.")])
        let target = ScrapeTarget(job: "geo", url: "http://127.0.1.2:8080/metrics", labels: ["pod": "geo-1"])
        let health = ScrapeTargetHealth(
            target: target, health: .down, lastError: "connection refused", lastScrapeMs: 1_700_000_000_000,
            lastScrapeDurationSeconds: 0.25)
        return PrometheusAPI(
            engine: PromQLEngine(store: store), metadata: metadata, targets: { [health] }, version: "9.9")
    }

    @Test func instantQueryVectorShape() {
        let response = makeAPI().handle(
            method: "GET", path: "/api/v1/query", query: ["query": ["errors_total"]], now: now)
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        #expect(
            response.body
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"errors_total","job":"geo"},"value":[1700000000.123,"1.5"]}]}}"#
        )
    }

    @Test func instantQueryScalarAndStringShapes() {
        let api = makeAPI()
        let scalar = api.handle(
            method: "POST", path: "/api/v1/query", query: ["query": ["1 + 1"], "time": ["1700000000"]], now: now)
        #expect(scalar.body == #"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"2"]}}"#)
        let string = api.handle(
            method: "GET", path: "/api/v1/query", query: ["query": ["\"hi\""], "time": ["2023-11-14T22:13:20.5Z"]],
            now: now)
        #expect(string.body == #"{"status":"success","data":{"resultType":"string","result":[1700000000.500,"hi"]}}"#)
    }

    @Test func rangeQueryMatrixShape() {
        let response = makeAPI().handle(
            method: "GET", path: "/api/v1/query_range",
            query: ["query": ["up"], "start": ["1699999990"], "end": ["1700000000"], "step": ["5s"]], now: now)
        #expect(
            response.body
                == #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"127.0.1.2:8080","job":"geo"},"values":[[1699999990,"1"],[1699999995,"1"],[1700000000,"1"]]}]}}"#
        )
    }

    @Test func errorsAreBadData() {
        let api = makeAPI()
        let parse = api.handle(method: "GET", path: "/api/v1/query", query: ["query": ["sum("]], now: now)
        #expect(parse.status == 400)
        #expect(
            parse.body
                == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"}"#
        )
        let missing = api.handle(
            method: "GET", path: "/api/v1/query_range", query: ["query": ["up"], "start": ["x"]], now: now)
        #expect(missing.status == 400)
        #expect(missing.body.contains(#"cannot parse \"x\" to a valid timestamp"#))
        let tooMany = api.handle(
            method: "GET", path: "/api/v1/query_range",
            query: ["query": ["up"], "start": ["0"], "end": ["100000"], "step": ["1"]],
            now: now)
        #expect(tooMany.body.contains("exceeded maximum resolution of 11,000 points"))
        #expect(api.handle(method: "GET", path: "/api/v1/nope", query: [:], now: now).status == 404)
        #expect(api.handle(method: "DELETE", path: "/api/v1/query", query: [:], now: now).status == 405)
    }

    @Test func seriesLabelsAndValues() {
        let api = makeAPI()
        let series = api.handle(method: "GET", path: "/api/v1/series", query: ["match[]": ["{job=\"geo\"}"]], now: now)
        #expect(
            series.body
                == #"{"status":"success","data":[{"__name__":"errors_total","job":"geo"},{"__name__":"up","instance":"127.0.1.2:8080","job":"geo"}]}"#
        )
        #expect(api.handle(method: "GET", path: "/api/v1/series", query: [:], now: now).status == 400)
        let labels = api.handle(method: "GET", path: "/api/v1/labels", query: [:], now: now)
        #expect(labels.body == #"{"status":"success","data":["__name__","instance","job"]}"#)
        let values = api.handle(method: "GET", path: "/api/v1/label/__name__/values", query: [:], now: now)
        #expect(values.body == #"{"status":"success","data":["errors_total","up"]}"#)
    }

    @Test func targetsBuildInfoMetadataAndProbes() {
        let api = makeAPI()
        let targets = api.handle(method: "GET", path: "/api/v1/targets", query: [:], now: now).body
        #expect(targets.hasPrefix(#"{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"#))
        #expect(targets.contains(#""labels":{"instance":"127.0.1.2:8080","job":"geo","pod":"geo-1"}"#))
        #expect(targets.contains(#""scrapePool":"geo","scrapeUrl":"http://127.0.1.2:8080/metrics""#))
        #expect(
            targets.contains(
                #""lastError":"connection refused","lastScrape":"2023-11-14T22:13:20.000Z","lastScrapeDuration":0.25,"health":"down""#
            ))
        #expect(targets.hasSuffix(#""scrapeInterval":"5s","scrapeTimeout":"4s"}],"droppedTargets":[]}}"#))
        let build = api.handle(method: "GET", path: "/api/v1/status/buildinfo", query: [:], now: now).body
        #expect(build.hasPrefix(#"{"status":"success","data":{"version":"9.9","#))
        let metadata = api.handle(method: "GET", path: "/api/v1/metadata", query: [:], now: now).body
        #expect(
            metadata
                == #"{"status":"success","data":{"errors_total":[{"type":"counter","help":"Errors \u003call\u003e.","unit":""}]}}"#
        )
        #expect(api.handle(method: "GET", path: "/-/ready", query: [:], now: now).status == 200)
        #expect(api.handle(method: "GET", path: "/-/healthy", query: [:], now: now).body.contains("Healthy"))
    }
}
