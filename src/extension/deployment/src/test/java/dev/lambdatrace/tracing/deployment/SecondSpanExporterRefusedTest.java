package dev.lambdatrace.tracing.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.tracing.FixtureRoutes;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Quarkus' own span exporter beside the extension's would send every span twice, the second time from a thread that
 * Lambda freezes: the build stops, naming the setting.
 */
class SecondSpanExporterRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FixtureRoutes.class))
            .overrideConfigKey("quarkus.otel.traces.exporter", "cdi")
            .assertException(error -> {
                String messages = messages(error);
                assertTrue(messages.contains("quarkus.otel.traces.exporter is cdi"), messages);
            });

    @Test
    void theBuildStopsNamingTheSetting() {
        // The assertion is the build's failure, above.
    }

    static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(suppressed.getMessage()).append('\n');
            }
        }
        return all.toString();
    }
}
