package dev.lambdatrace.function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.emulator.CapturedEvents;
import dev.lambdatrace.collector.ReceivedSpan;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Events this project did not write (src/test/resources/events: aws-sam-cli's generated ones, a Function URL request),
 * through the whole function as Lambda hands them over: each is answered as the route table says, and traced once,
 * with the conventions' attributes.
 */
@QuarkusTest
@WithTestResource(OtlpReceiverResource.class)
class CapturedEventsTest {

    @ParameterizedTest
    @CsvSource({
            // file,                          status, method,  http.request.method_original
            "sam-http-api-get-root.json,         200, GET,     ",
            "sam-http-api-default.json,          404, POST,    ",
            "sam-http-api-propfind.json,         404, _OTHER,  PROPFIND",
            "function-url-browser-get.json,      200, GET,     "
    })
    void eventFromOutsideIsAnsweredAndTracedOnce(String file, int status, String method, String original)
            throws IOException {
        // given
        OtlpReceiver receiver = OtlpReceiverResource.receiver();
        int mark = receiver.mark();
        String event = CapturedEvents.read(file);

        // when
        given().contentType(ContentType.JSON).body(event).when().post(AmazonLambdaApi.API_BASE_PATH_TEST)
                .then().statusCode(200).body("statusCode", org.hamcrest.Matchers.is(status));

        // then
        List<ReceivedSpan> spans = receiver.spansSince(mark);
        assertEquals(1, spans.size(), file);
        ReceivedSpan span = spans.get(0);
        assertEquals(method, span.attribute("http.request.method"), file);
        assertEquals(original, span.attribute("http.request.method_original"), file);
        assertEquals((long) status, span.attribute("http.response.status_code"), file);
        assertTrue(Stream.of("url.scheme", "url.path", "server.address", "faas.invocation_id")
                .allMatch(span.attributes()::containsKey), file + ": " + span.attributes());
    }
}
