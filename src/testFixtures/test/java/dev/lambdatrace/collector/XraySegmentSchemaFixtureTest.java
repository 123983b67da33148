package dev.lambdatrace.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The schema's checks themselves: a segment within it passes, and each kind of breach is named. */
class XraySegmentSchemaFixtureTest {

    static JsonObject valid() {
        return new JsonObject().put("name", "traced-function").put("id", "53995c3f42cd8ad8")
                .put("trace_id", "1-5759e988-bd862e3fe1be46a994272793").put("parent_id", "53995c3f42cd8ad9")
                .put("start_time", 1.7e9).put("end_time", 1.7e9 + 0.001)
                .put("http", new JsonObject().put("request", new JsonObject().put("method", "GET")
                        .put("url", "https://abc.example/")).put("response", new JsonObject().put("status", 200)))
                .put("metadata", new JsonObject().put("default", new JsonObject().put("faas.coldstart", false)));
    }

    @Test
    void segmentWithinTheSchemaHasNoViolation() {
        assertEquals(List.of(), XraySegmentSchema.violations(valid()));
    }

    @Test
    void eachBreachIsNamed() {
        assertBreach(valid().put("name", "has!bang"), "name");
        assertBreach(valid().put("name", "x".repeat(201)), "name");
        assertBreach(valid().put("id", "short"), "id");
        assertBreach(valid().put("trace_id", "5759e988bd862e3fe1be46a994272793"), "trace_id");
        assertBreach(valid().put("http", new JsonObject().put("request", new JsonObject().put("url",
                "https://x/" + "a".repeat(250)))), "http.request.url");
        assertBreach(valid().put("annotations", new JsonObject().put("faas.name", "f")), "annotation key");
        assertBreach(valid().put("metadata", new JsonObject().put("default", "not an object")), "metadata.default");
        assertBreach(valid().put("fault", "yes"), "fault");
        assertBreach(valid().put("metadata", new JsonObject().put("default", new JsonObject().put("big",
                "x".repeat(70_000)))), "64 kB");
    }

    private static void assertBreach(JsonObject segment, String named) {
        List<String> violations = XraySegmentSchema.violations(segment);
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(named)), named + ": " + violations);
    }
}
