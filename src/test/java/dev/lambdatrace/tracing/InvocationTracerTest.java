package dev.lambdatrace.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtlpReceiverResource;
import dev.lambdatrace.collector.ReceivedSpan;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(OtlpReceiverResource.class)
class InvocationTracerTest {

    @Test
    void explore() {
        given().when().get("/").then().statusCode(200);
        given().when().get("/nope").then().statusCode(404);
        given().when().post("/").then().statusCode(405);
        given().header("Lambda-Runtime-Aws-Request-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
                .when().get("/").then().statusCode(200);
        List<ReceivedSpan> spans = OtlpReceiverResource.receiver().spans();
        spans.forEach(s -> System.err.println("SPAN " + s.name() + " " + s.kind() + " trace=" + s.traceId() + " parent=" + s.parentSpanId() + " " + s.attributes() + " status=" + s.proto().getStatus()));
        assertEquals(4, spans.size());
    }
}
