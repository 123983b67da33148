package dev.lambdatrace.tracing.deployment;

import static dev.lambdatrace.tracing.deployment.LambdaTracingDefaultsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.tracing.FixtureRoutes;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application's own settings win over the extension's defaults, build-time and run-time alike; enabling metrics
 * or logs keeps Quarkus' exporter for them.
 */
class ApplicationSettingsWinTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FixtureRoutes.class, LambdaTracingDefaultsTest.class))
            .overrideConfigKey("quarkus.otel.propagators", "tracecontext")
            .overrideConfigKey("quarkus.otel.service.name", "checkout")
            .overrideConfigKey("quarkus.log.console.format", "%s%n")
            .overrideConfigKey("quarkus.otel.metrics.enabled", "true")
            .overrideConfigKey("quarkus.otel.logs.enabled", "true")
            .overrideConfigKey("quarkus.otel.instrument.jvm-metrics", "true")
            // Settings are what this test reads; with no collector here, exports would only slow its shutdown.
            .overrideConfigKey("quarkus.otel.sdk.disabled", "true");

    @Test
    void whatTheApplicationSetsIsWhatRuns() {
        assertEquals("tracecontext", value("quarkus.otel.propagators"));
        assertEquals("checkout", value("quarkus.otel.service.name"));
        assertEquals("%s%n", value("quarkus.log.console.format"));
        assertEquals("true", value("quarkus.otel.instrument.jvm-metrics"));
        assertEquals("cdi", value("quarkus.otel.metrics.exporter"), "enabled metrics keep Quarkus' exporter");
        assertEquals("cdi", value("quarkus.otel.logs.exporter"), "enabled logs keep Quarkus' exporter");
    }
}
