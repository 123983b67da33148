package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpanTransportsTest {

    @Test
    void collectorLayerUrlParses() {
        assertEquals(4318, SpanTransports.endpoint("http://localhost:4318/v1/traces").getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = { "localhost:4318", "not a url", "://x", "" })
    void malformedEndpointIsAStartupErrorThatNamesTheSetting(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SpanTransports.endpoint(value));

        assertTrue(error.getMessage().contains("tracing.endpoint"), error.getMessage());
    }
}
