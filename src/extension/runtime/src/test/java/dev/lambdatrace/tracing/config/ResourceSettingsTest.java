package dev.lambdatrace.tracing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceSettingsTest {

    @Test
    void attributesArePercentDecodedAndTheServiceNameVariableWins() {
        ResourceSettings settings = ResourceSettings.resolve(ConfigSource.of(Map.of(
                "otel.resource.attributes", "deployment.environment.name=prod,team=a%2Cb,service.name=x",
                "otel.service.name", "checkout")));

        assertEquals(Map.of("deployment.environment.name", "prod", "team", "a,b", "service.name", "checkout"),
                settings.attributes());
    }

    @Test
    void nothingSetAddsNothing() {
        assertEquals(Map.of(), ResourceSettings.resolve(ConfigSource.of(Map.of())).attributes());
    }

    @ParameterizedTest
    @ValueSource(strings = { "novalue", "=x", "a=%zz" })
    void malformedAttributesFailStartupNamingTheVariable(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ResourceSettings.resolve(ConfigSource.of(Map.of("otel.resource.attributes", value))));

        assertTrue(error.getMessage().contains("OTEL_RESOURCE_ATTRIBUTES"), error.getMessage());
    }
}
