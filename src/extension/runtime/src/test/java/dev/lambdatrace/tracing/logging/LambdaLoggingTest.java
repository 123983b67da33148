package dev.lambdatrace.tracing.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LambdaLoggingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "JSON |       | quarkus.log.console.json.enabled=true",
            "json | WARN  | quarkus.log.console.json.enabled=true, quarkus.log.level=WARN",
            "Text | debug | quarkus.log.level=DEBUG",
            "     | FATAL | quarkus.log.level=FATAL",
            "XML  | LOUD  | ",
            "     |       | "
    })
    void lambdasLoggingControlsBecomeQuarkusSettingsAndUnknownValuesMeanNothing(String format, String level,
            String expected) {
        Map<String, String> environment = new java.util.HashMap<>();
        if (format != null) {
            environment.put(LambdaLogging.FORMAT, format);
        }
        if (level != null) {
            environment.put(LambdaLogging.LEVEL, level);
        }

        Map<String, String> settings = LambdaLogging.settings(environment);

        Map<String, String> wanted = new java.util.HashMap<>();
        if (expected != null) {
            for (String pair : expected.split(",")) {
                String[] keyValue = pair.trim().split("=");
                wanted.put(keyValue[0], keyValue[1]);
            }
        }
        assertEquals(wanted, settings);
    }
}
