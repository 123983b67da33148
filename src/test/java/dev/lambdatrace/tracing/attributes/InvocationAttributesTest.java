package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.lambdatrace.tracing.FakeLambdaContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.HttpAttributes;

class InvocationAttributesTest {

    static final String ARN = "arn:aws:lambda:us-east-2:123456789012:function:traced:live";

    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

    @Test
    void invokedArnGivesResourceIdAccountAndRegion() {
        // given
        FakeLambdaContext context = new FakeLambdaContext("req-1", ARN, 1024);

        // when
        Attributes attributes = startAttributes(event("GET", "/"), context, true);

        // then
        assertEquals(ARN, attributes.get(InvocationAttributes.CLOUD_RESOURCE_ID));
        assertEquals("123456789012", attributes.get(InvocationAttributes.CLOUD_ACCOUNT_ID));
        assertEquals("us-east-2", attributes.get(InvocationAttributes.CLOUD_REGION));
        assertEquals("req-1", attributes.get(InvocationAttributes.FAAS_INVOCATION_ID));
        assertEquals(1024L * 1024 * 1024, attributes.get(InvocationAttributes.FAAS_MAX_MEMORY));
        assertEquals(true, attributes.get(InvocationAttributes.FAAS_COLDSTART));
    }

    @Test
    void missingArnAndMemoryLeaveTheirAttributesOut() {
        Attributes attributes = startAttributes(event("GET", "/"), new FakeLambdaContext("r", null, 0), false);

        assertNull(attributes.get(InvocationAttributes.CLOUD_RESOURCE_ID));
        assertNull(attributes.get(InvocationAttributes.CLOUD_ACCOUNT_ID));
        assertNull(attributes.get(InvocationAttributes.FAAS_MAX_MEMORY));
    }

    @Test
    void userAgentHeaderIsFoundWhateverItsCase() {
        APIGatewayV2HTTPEvent event = event("GET", "/");
        event.setHeaders(Map.of("USER-AGENT", "curl/8.5.0"));

        Attributes attributes = startAttributes(event, new FakeLambdaContext("r", ARN, 512), false);

        assertEquals("curl/8.5.0", attributes.get(io.opentelemetry.semconv.UserAgentAttributes.USER_AGENT_ORIGINAL));
    }

    @Test
    void eventWithoutRequestContextStillGivesAttributes() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();

        Attributes attributes = startAttributes(event, new FakeLambdaContext("r", ARN, 512), false);

        assertNull(attributes.get(HttpAttributes.HTTP_REQUEST_METHOD));
        assertEquals("HTTP", InvocationAttributes.spanName(InvocationAttributes.method(event), null));
    }

    @Test
    void serverErrorMarksTheSpanAsError() {
        SpanData span = endedWith(response(503), null);

        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(503L, span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE));
    }

    @Test
    void clientErrorLeavesTheStatusUnset() {
        SpanData span = endedWith(response(404), null);

        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    }

    @Test
    void thrownFailureIsRecordedAsAnExceptionEvent() {
        SpanData span = endedWith(null, new IllegalArgumentException("bad"));

        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("exception", span.getEvents().get(0).getName());
        assertFalse(span.getAttributes().asMap().containsKey(HttpAttributes.HTTP_RESPONSE_STATUS_CODE));
    }

    @Test
    void routeRenamesTheSpan() {
        Span span = tracerProvider.get("test").spanBuilder("GET").startSpan();

        InvocationAttributes.onRoute(span, "GET", "/items/:id");
        span.end();

        SpanData data = ((ReadableSpan) span).toSpanData();
        assertEquals("GET /items/:id", data.getName());
        assertEquals("/items/:id", data.getAttributes().get(HttpAttributes.HTTP_ROUTE));
    }

    private Attributes startAttributes(APIGatewayV2HTTPEvent event, FakeLambdaContext context, boolean coldStart) {
        Span span = InvocationAttributes.onStart(tracerProvider.get("test").spanBuilder("GET")
                .setAllAttributes(InvocationAttributes.ofFunction(context)), event, context, coldStart).startSpan();
        span.end();
        return ((ReadableSpan) span).toSpanData().getAttributes();
    }

    private SpanData endedWith(APIGatewayV2HTTPResponse response, Throwable failure) {
        Span span = tracerProvider.get("test").spanBuilder("GET /").startSpan();
        InvocationAttributes.onEnd(span, response, failure);
        span.end();
        return ((ReadableSpan) span).toSpanData();
    }

    static APIGatewayV2HTTPEvent event(String method, String path) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(requestContext);
        event.setRawPath(path);
        return event;
    }

    static APIGatewayV2HTTPResponse response(int status) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        return response;
    }
}
