package dev.lambdatrace.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.tools.LoopbackPorts;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The application the extension's tests run: the extension, Quarkus' Lambda HTTP handler (whose mock event server
 * turns the tests' requests into HTTP API events), the test routes and the loopback receivers.
 */
public final class TracingTestApp {

    /** Quarkus' mock event server takes the invocation id (and, here, the trace header) from this request header. */
    public static final String REQUEST_ID_HEADER = "Lambda-Runtime-Aws-Request-Id";

    /** The one span of {@code spans}; fails the test when there are none or several. */
    public static ReceivedSpan single(List<ReceivedSpan> spans) {
        assertEquals(1, spans.size(), () -> "expected one span, got " + spans);
        return spans.get(0);
    }

    /** Spans go over OTLP/HTTP to {@link TestReceivers#otlp()}, named by Quarkus' traces endpoint. */
    public static QuarkusUnitTest exportingOverOtlp(Class<?>... classes) {
        return exportingOverOtlp("quarkus.otel.exporter.otlp.traces.endpoint", classes);
    }

    /** Spans go over OTLP/HTTP to {@link TestReceivers#otlp()}, named by {@code endpointKey} (a base endpoint). */
    public static QuarkusUnitTest exportingOverOtlp(String endpointKey, Class<?>... classes) {
        int port = LoopbackPorts.free();
        return application(classes)
                .overrideConfigKey(endpointKey, "http://127.0.0.1:" + port)
                .overrideConfigKey("quarkus.otel.exporter.otlp.protocol", "http/protobuf")
                .overrideConfigKey(TestReceivers.OTLP_PORT, String.valueOf(port));
    }

    /** Spans go over UDP to {@link TestReceivers#xrayUdp()}. */
    public static QuarkusUnitTest exportingOverXrayUdp(Class<?>... classes) {
        int port = LoopbackPorts.free();
        return application(classes)
                .overrideConfigKey("quarkus.lambda-tracing.exporter", "xray-udp")
                .overrideConfigKey("quarkus.lambda-tracing.xray-daemon-address", "127.0.0.1:" + port)
                .overrideConfigKey(TestReceivers.XRAY_UDP_PORT, String.valueOf(port));
    }

    private static QuarkusUnitTest application(Class<?>... classes) {
        return new QuarkusUnitTest().withApplicationRoot(jar -> jar
                .addClasses(TestReceivers.class, FixtureRoutes.class, TracingTestApp.class)
                .addClasses(List.of(classes).toArray(Class<?>[]::new)));
    }

    private TracingTestApp() {
    }
}
