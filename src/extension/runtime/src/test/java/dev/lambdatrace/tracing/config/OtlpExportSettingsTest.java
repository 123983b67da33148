package dev.lambdatrace.tracing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpExportSettingsTest {

    @Test
    void nothingSetMeansTheCollectorLayersPortAndOneSecond() {
        OtlpExportSettings settings = resolve(Map.of());

        assertEquals(URI.create("http://localhost:4318/v1/traces"), settings.endpoint());
        assertEquals(Map.of(), settings.headers());
        assertEquals(Duration.ofSeconds(1), settings.timeout());
    }

    @Test
    void baseEndpointGetsTheTracesPathAsTheSpecificationSays() {
        assertEquals(URI.create("http://collector:4318/v1/traces"),
                resolve(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318")).endpoint());
        assertEquals(URI.create("http://collector:4318/prefix/v1/traces"),
                resolve(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318/prefix/")).endpoint());
    }

    @Test
    void tracesEndpointIsUsedAsItIs() {
        assertEquals(URI.create("http://collector:4318/custom"),
                resolve(Map.of("otel.exporter.otlp.traces.endpoint", "http://collector:4318/custom")).endpoint());
    }

    @ParameterizedTest
    @CsvSource({
            "otel.exporter.otlp.traces.endpoint, http://otel-traces:2/v1/traces",
            "quarkus.otel.exporter.otlp.traces.endpoint, http://quarkus-traces:3/v1/traces",
            "otel.exporter.otlp.endpoint, http://otel:4/v1/traces",
            "quarkus.otel.exporter.otlp.endpoint, http://quarkus:5/v1/traces"
    })
    void endpointPrecedenceGoesFromTheMostSpecificKeyDown(String winner, String expected) {
        // given every key, minus those that rank above the winner
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("otel.exporter.otlp.traces.endpoint", "http://otel-traces:2/v1/traces");
        all.put("quarkus.otel.exporter.otlp.traces.endpoint", "http://quarkus-traces:3");
        all.put("otel.exporter.otlp.endpoint", "http://otel:4");
        all.put("quarkus.otel.exporter.otlp.endpoint", "http://quarkus:5");
        for (String key : new java.util.ArrayList<>(all.keySet())) {
            if (key.equals(winner)) {
                break;
            }
            all.remove(key);
        }

        all.put("otel.exporter.otlp.protocol", "http/protobuf");

        assertEquals(URI.create(expected), resolve(all).endpoint());
    }

    @Test
    void headersAreParsedPercentDecodedAndTheTracesListWins() {
        OtlpExportSettings settings = resolve(Map.of(
                "otel.exporter.otlp.headers", "x-generic=1",
                "otel.exporter.otlp.traces.headers", "Authorization=Basic%20dXNlcg%3D%3D, x-team = payments"));

        assertEquals(Map.of("Authorization", "Basic dXNlcg==", "x-team", "payments"), settings.headers());
    }

    @Test
    void timeoutComesFromTheOtelVariablesInMillisecondsUnlessTheFlushTimeoutIsSet() {
        assertEquals(Duration.ofMillis(250), resolve(Map.of("otel.exporter.otlp.timeout", "250")).timeout());
        assertEquals(Duration.ofMillis(100), resolve(Map.of("otel.exporter.otlp.timeout", "250",
                "otel.exporter.otlp.traces.timeout", "100")).timeout());
        assertEquals(Duration.ofMillis(40), OtlpExportSettings.resolve(ConfigSource.of(Map.of(
                "otel.exporter.otlp.timeout", "250")), Optional.of(Duration.ofMillis(40))).timeout());
    }

    @ParameterizedTest
    @CsvSource({
            "otel.exporter.otlp.protocol, thrift, OTEL_EXPORTER_OTLP_PROTOCOL",
            "otel.exporter.otlp.traces.protocol, http/json, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "quarkus.otel.exporter.otlp.traces.protocol, udp, QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "otel.exporter.otlp.endpoint, https://collector:4318, OTEL_EXPORTER_OTLP_ENDPOINT",
            "otel.exporter.otlp.traces.endpoint, localhost:4318, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "otel.exporter.otlp.traces.endpoint, not a url, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "quarkus.otel.exporter.otlp.endpoint, https://api.honeycomb.io, QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
            "quarkus.otel.exporter.otlp.timeout, 0s, QUARKUS_OTEL_EXPORTER_OTLP_TIMEOUT",
            "quarkus.otel.exporter.otlp.traces.timeout, soon, QUARKUS_OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
            "otel.exporter.otlp.headers, novalue, OTEL_EXPORTER_OTLP_HEADERS",
            "otel.exporter.otlp.traces.headers, =x, OTEL_EXPORTER_OTLP_TRACES_HEADERS",
            "otel.exporter.otlp.headers, bad name=x, OTEL_EXPORTER_OTLP_HEADERS",
            "otel.exporter.otlp.headers, a=%zz, OTEL_EXPORTER_OTLP_HEADERS",
            "otel.exporter.otlp.timeout, 1s, OTEL_EXPORTER_OTLP_TIMEOUT",
            "otel.exporter.otlp.traces.timeout, -5, OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
            "otel.exporter.otlp.compression, zstd, OTEL_EXPORTER_OTLP_COMPRESSION",
            "otel.exporter.otlp.traces.compression, deflate, OTEL_EXPORTER_OTLP_TRACES_COMPRESSION",
            "otel.exporter.otlp.headers, Host=elsewhere, OTEL_EXPORTER_OTLP_HEADERS",
            "otel.exporter.otlp.traces.headers, content-length=0, OTEL_EXPORTER_OTLP_TRACES_HEADERS",
            "otel.exporter.otlp.headers, Content-Type=text/plain, OTEL_EXPORTER_OTLP_HEADERS",
            "otel.exporter.otlp.headers, Transfer-Encoding=chunked, OTEL_EXPORTER_OTLP_HEADERS"
    })
    void valueTheFunctionCannotHonourFailsStartupNamingTheVariable(String key, String value, String variable) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of(key, value)));

        assertTrue(error.getMessage().contains(variable), error.getMessage());
    }

    @Test
    void plusInAHeaderValueStaysAPlusAsRfc3986Says() {
        assertEquals(Map.of("x-token", "a+b c"), resolve(Map.of("otel.exporter.otlp.headers", "x-token=a+b%20c"))
                .headers());
    }

    @Test
    void compressionIsNoneUnlessGzipIsAskedForAndTheTracesKeyWins() {
        assertFalse(resolve(Map.of()).gzip());
        assertTrue(resolve(Map.of("otel.exporter.otlp.compression", "gzip")).gzip());
        assertFalse(resolve(Map.of("otel.exporter.otlp.compression", "gzip",
                "otel.exporter.otlp.traces.compression", "none")).gzip());
        assertTrue(resolve(Map.of("otel.exporter.otlp.traces.compression", " GZIP ")).gzip());
    }

    @ParameterizedTest
    @ValueSource(strings = { "0s", "-1s", "PT0S" })
    void flushTimeoutThatIsNotPositiveFailsStartupNamingTheVariable(String timeout) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OtlpExportSettings.resolve(ConfigSource.of(Map.of()), Optional.of(Duration.parse(
                        timeout.startsWith("P") ? timeout : "PT" + timeout.toUpperCase()))));

        assertTrue(error.getMessage().contains("QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "http/protobuf", " http/protobuf " })
    void httpProtobufIsAccepted(String protocol) {
        OtlpExportSettings settings = resolve(Map.of("otel.exporter.otlp.protocol", protocol));

        assertEquals(URI.create("http://localhost:4318/v1/traces"), settings.endpoint());
        assertNull(settings.substitution());
    }

    @Test
    void quarkusDefaultProtocolWrittenOutSendsHttpProtobufToTheCollectorLayersHttpPortAndSaysSo() {
        // given: what many Quarkus applications write, Quarkus' own default
        OtlpExportSettings settings = resolve(Map.of("quarkus.otel.exporter.otlp.protocol", "grpc"));

        // then
        assertEquals(URI.create("http://localhost:4318/v1/traces"), settings.endpoint());
        assertTrue(settings.substitution().contains("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL"), settings.substitution());
        assertTrue(settings.substitution().contains("http://localhost:4318/v1/traces"), settings.substitution());
    }

    @ParameterizedTest
    @CsvSource({
            "quarkus.otel.exporter.otlp.endpoint, http://localhost:4317, http://localhost:4318/v1/traces",
            "otel.exporter.otlp.endpoint, http://127.0.0.1:4317/, http://127.0.0.1:4318/v1/traces",
            "otel.exporter.otlp.traces.endpoint, http://collector:4317/v1/traces, http://collector:4318/v1/traces",
            "quarkus.otel.exporter.otlp.endpoint, http://collector:4318, http://collector:4318/v1/traces"
    })
    void grpcEndpointOnTheGrpcPortBecomesTheSameCollectorsHttpPort(String key, String value, String expected) {
        OtlpExportSettings settings = resolve(Map.of("quarkus.otel.exporter.otlp.protocol", "grpc", key, value));

        assertEquals(URI.create(expected), settings.endpoint());
    }

    @Test
    void quarkusEndpointWithoutAProtocolIsGrpcAsQuarkusReadsIt() {
        OtlpExportSettings settings = resolve(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317"));

        assertEquals(URI.create("http://localhost:4318/v1/traces"), settings.endpoint());
        assertTrue(settings.substitution().contains("Quarkus' default"), settings.substitution());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:9000")));
        assertTrue(error.getMessage().contains("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), error.getMessage());
    }

    @Test
    void otelEndpointWithoutAProtocolIsHttpProtobufAsTheSpecificationSays() {
        OtlpExportSettings settings = resolve(Map.of("otel.exporter.otlp.endpoint", "http://collector:9000"));

        assertEquals(URI.create("http://collector:9000/v1/traces"), settings.endpoint());
        assertNull(settings.substitution());
    }

    @Test
    void grpcToAPortWhoseHttpTwinCannotBeKnownStopsStartupNamingBothSettings() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> resolve(Map.of(
                "otel.exporter.otlp.protocol", "grpc", "otel.exporter.otlp.endpoint", "http://collector:9000")));

        assertTrue(error.getMessage().contains("OTEL_EXPORTER_OTLP_PROTOCOL"), error.getMessage());
        assertTrue(error.getMessage().contains("OTEL_EXPORTER_OTLP_ENDPOINT"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({ "2s, 2000", "500ms, 500", "PT0.25S, 250", "3, 3000" })
    void quarkusTimeoutIsADurationAsQuarkusReadsItABareNumberBeingSeconds(String value, long millis) {
        assertEquals(Duration.ofMillis(millis),
                resolve(Map.of("quarkus.otel.exporter.otlp.timeout", value)).timeout());
    }

    @Test
    void otelTimeoutInMillisecondsWinsOverQuarkusDuration() {
        assertEquals(Duration.ofMillis(700), resolve(Map.of("quarkus.otel.exporter.otlp.traces.timeout", "5s",
                "otel.exporter.otlp.timeout", "700")).timeout());
    }

    private static OtlpExportSettings resolve(Map<String, String> values) {
        return OtlpExportSettings.resolve(ConfigSource.of(values), Optional.empty());
    }
}
