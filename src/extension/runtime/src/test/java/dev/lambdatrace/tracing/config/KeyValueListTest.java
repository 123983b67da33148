package dev.lambdatrace.tracing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValueListTest {

    @Test
    void pairsAreTrimmedPercentDecodedAsUtf8AndKeptInOrder() {
        Map<String, String> pairs = KeyValueList.parse("otel.resource.attributes",
                " team = a%2Cb , city=Z%C3%BCrich,,note=1+1%3D2");

        assertEquals(List.of("team", "city", "note"), List.copyOf(pairs.keySet()));
        assertEquals("a,b", pairs.get("team"));
        assertEquals("Zürich", pairs.get("city"));
        assertEquals("1+1=2", pairs.get("note"), "a plus is a plus, not a space");
    }

    @Test
    void laterKeyWins() {
        assertEquals(Map.of("a", "2"), KeyValueList.parse("otel.resource.attributes", "a=1,a=2"));
    }

    @Test
    void valueMayBeEmptyOrHoldEqualsSigns() {
        assertEquals(Map.of("a", "", "b", "x=y"), KeyValueList.parse("otel.resource.attributes", "a=,b=x=y"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "novalue", "=x", " =x", "a=%", "a=%4", "a=%zz" })
    void malformedEntryNamesTheVariable(String list) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> KeyValueList.parse("otel.exporter.otlp.headers", list));

        assertTrue(error.getMessage().startsWith("OTEL_EXPORTER_OTLP_HEADERS (otel.exporter.otlp.headers)"),
                error.getMessage());
    }
}
