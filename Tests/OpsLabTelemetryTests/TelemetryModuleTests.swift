import OpsLabTelemetry
import Testing

@Test func moduleVersionIsSet() {
    #expect(!OpsLabTelemetry.version.isEmpty)
}
