package dev.lambdatrace.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtelCollectorResource;
import dev.lambdatrace.collector.XraySegment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Failures as X-Ray shows them, through the real collector: a 5xx answer and a handler that throws are faults, and the
 * exception is on the segment. The packaged function has no route that fails, so this runs on the test routes.
 */
@QuarkusTest
@WithTestResource(OtelCollectorResource.class)
class XrayFaultTest {

    @Test
    void fiveHundredAnswerIsAFault() {
        given().when().get(FixtureRoutes.UNAVAILABLE).then().statusCode(503);

        XraySegment segment = lastSegment();
        assertEquals(503, segment.httpResponseStatus());
        assertTrue(segment.fault(), segment.document().encode());
        assertFalse(segment.error(), segment.document().encode());
    }

    @Test
    void handlerThatThrowsIsAFaultWithItsException() {
        given().when().get(FixtureRoutes.FAILING).then().statusCode(500);

        XraySegment segment = lastSegment();
        assertTrue(segment.fault(), segment.document().encode());
        assertTrue(segment.document().encode().contains("IllegalStateException"), segment.document().encode());
    }

    private static XraySegment lastSegment() {
        List<XraySegment> segments = OtelCollectorResource.collector().xray().segments();
        assertFalse(segments.isEmpty(), OtelCollectorResource.collector().output());
        return segments.get(segments.size() - 1);
    }
}
