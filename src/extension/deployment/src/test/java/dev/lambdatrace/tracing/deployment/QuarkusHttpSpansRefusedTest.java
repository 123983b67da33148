package dev.lambdatrace.tracing.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.tracing.FixtureRoutes;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Quarkus' HTTP server spans beside the extension's root span would make a second root per invocation, which can end
 * after the flush: the application stops at startup, naming the setting.
 */
class QuarkusHttpSpansRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FixtureRoutes.class))
            .overrideConfigKey("quarkus.otel.instrument.vertx-http", "true")
            .assertException(error -> {
                String messages = SecondSpanExporterRefusedTest.messages(error);
                assertTrue(messages.contains("QUARKUS_OTEL_INSTRUMENT_VERTX_HTTP"), messages);
            });

    @Test
    void startupStopsNamingTheSetting() {
        // The assertion is the startup's failure, above.
    }
}
