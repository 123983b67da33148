package dev.lambdatrace.tracing.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.tracing.FixtureRoutes;
import io.quarkus.test.QuarkusUnitTest;

/**
 * What adding the extension, and nothing else, sets: the settings a Lambda function needs, which the application
 * could still override, and the feature Quarkus names at startup.
 */
class LambdaTracingDefaultsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FixtureRoutes.class))
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.INFO.intValue())
            .assertLogRecords(records -> {
                assertTrue(records.stream().anyMatch(record -> record.getMessage().contains("Installed features")
                        && String.valueOf(List.of(record.getParameters())).contains(LambdaTracingProcessor.FEATURE)),
                        "the feature is among the installed ones");
                // Quarkus warns at every start when a build-time setting reads differently at run time: the
                // extension's build-time defaults must read the same in both.
                assertEquals(List.of(), records.stream().filter(record -> record.getLevel().intValue() >= Level.WARNING
                        .intValue()).map(record -> record.getMessage()).toList(), "no warning at startup");
            });

    @Test
    void theExtensionAloneSetsWhatATracedLambdaFunctionNeeds() {
        assertEquals("none", value("quarkus.otel.traces.exporter"), "the extension exports spans itself");
        assertEquals("false", value("quarkus.otel.instrument.vertx-http"), "the extension owns the root span");
        assertEquals("tracecontext,baggage,xray", value("quarkus.otel.propagators"), "as ADOT's layers propagate");
        assertEquals("none", value("quarkus.otel.metrics.exporter"), "metrics are off: no reader thread");
        assertEquals("none", value("quarkus.otel.logs.exporter"), "logs are off: no processor thread");
        assertEquals("false", value("quarkus.otel.instrument.jvm-metrics"), "no JFR stream for JVM metrics");
        assertEquals("traced-function-test", value("quarkus.otel.service.name"), "the function's name, as Lambda sets it");
        assertEquals("false", value("quarkus.log.console.json.enabled"), "plain lines unless Lambda asks for JSON");
    }

    static String value(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
