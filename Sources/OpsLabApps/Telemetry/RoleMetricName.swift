/// The names of the Prometheus metrics every role process exposes on `GET /metrics` (see ``RoleTelemetry``).
///
/// Label values are bounded: `route` is a route template (segments that look like ids become `:id`, a 404 is
/// `unmatched`, and past ``RouteTemplate/defaultLimit`` distinct routes the rest are `other`), `method` is a
/// standard HTTP method or `_OTHER`.
///
/// | name | type | labels |
/// |---|---|---|
/// | `http_server_requests_total` | counter | `method`, `route`, `code` (status, e.g. `200`) |
/// | `http_server_request_duration_seconds` | histogram | `method`, `route` |
/// | `http_server_requests_in_flight` | gauge | — |
/// | `http_client_requests_total` | counter | `peer_service`, `route`, `code` (status, or `error` without a response) |
/// | `http_client_request_duration_seconds` | histogram | `peer_service` |
/// | `http_client_errors_total` | counter | `peer_service`, `error` (see ``RoleTelemetry/errorClass(of:)``) |
/// | `http_client_requests_in_flight` | gauge | `peer_service` (calls sent and not yet answered or failed) |
/// | `db_client_operations_total` | counter | `db_system` (`mongodb`), `db_name`, `collection`, `operation`, `outcome` |
/// | `db_client_operation_duration_seconds` | histogram | `db_system`, `operation` |
/// | `cache_operations_total` | counter | `operation` (`get`, `get_multi`, `set`, `delete`), `result` |
/// | `cache_operation_duration_seconds` | histogram | `operation` |
/// | `process_start_time_seconds` | gauge | — |
/// | `process_resident_memory_bytes` | gauge | — (read from `/proc/self/status` at each scrape) |
/// | `process_virtual_memory_bytes` | gauge | — |
/// | `process_cpu_seconds_total` | counter | — (user + system, from `/proc/self/stat`) |
/// | `process_open_fds` | gauge | — |
/// | `opslab_role_info` | gauge (always 1) | `service` |
///
/// `outcome` of a database operation is `ok`, the server's code name (`Unauthorized`,
/// `AuthenticationFailed`, …, or `error` when it has none), `unreachable` (nothing accepted the connection) or
/// `transport_error`. `result` of a cache operation is `hit` or `miss` per key read, `ok` for a write or
/// delete, and `error` per failed call. Requests to `/metrics` itself are neither counted nor traced.
public enum RoleMetricName {
    /// Counter of handled server requests.
    public static let httpServerRequests = "http_server_requests_total"
    /// Histogram of server request durations.
    public static let httpServerDuration = "http_server_request_duration_seconds"
    /// Gauge of requests being handled.
    public static let httpServerInFlight = "http_server_requests_in_flight"
    /// Counter of outbound HTTP calls.
    public static let httpClientRequests = "http_client_requests_total"
    /// Histogram of outbound call durations.
    public static let httpClientDuration = "http_client_request_duration_seconds"
    /// Counter of outbound calls that failed without a response.
    public static let httpClientErrors = "http_client_errors_total"
    /// Gauge of outbound calls waiting for their answer, per peer: a peer that stalls shows here before any
    /// call to it finishes.
    public static let httpClientInFlight = "http_client_requests_in_flight"
    /// Counter of database operations.
    public static let dbOperations = "db_client_operations_total"
    /// Histogram of database operation durations.
    public static let dbDuration = "db_client_operation_duration_seconds"
    /// Counter of cache operations (per key for reads).
    public static let cacheOperations = "cache_operations_total"
    /// Histogram of cache call durations.
    public static let cacheDuration = "cache_operation_duration_seconds"
    /// Gauge: process start, seconds since the Unix epoch.
    public static let processStartTime = "process_start_time_seconds"
    /// Gauge: resident set size in bytes.
    public static let processResidentMemory = "process_resident_memory_bytes"
    /// Gauge: virtual memory size in bytes.
    public static let processVirtualMemory = "process_virtual_memory_bytes"
    /// Counter: CPU seconds (user + system) the process used.
    public static let processCPUSeconds = "process_cpu_seconds_total"
    /// Gauge: open file descriptors.
    public static let processOpenFDs = "process_open_fds"
    /// Gauge (1) that names the service the process runs.
    public static let roleInfo = "opslab_role_info"

    /// Latency buckets from 1 ms to 10 s, as the HTTP, database and cache histograms use.
    public static let latencyBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .microseconds(2_500_000), .seconds(5), .seconds(10),
    ]
}
