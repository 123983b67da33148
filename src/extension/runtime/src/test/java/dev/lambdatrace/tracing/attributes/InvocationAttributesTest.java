package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

class InvocationAttributesTest {

    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

    @Test
    void invocationIdAndColdStartAreOnTheSpan() {
        Attributes attributes = startAttributes(event("GET", "/"), true, false);

        assertEquals("req-1", attributes.get(InvocationAttributes.FAAS_INVOCATION_ID));
        assertEquals(true, attributes.get(InvocationAttributes.FAAS_COLDSTART));
    }

    @Test
    void httpApiEventGivesTheServerAttributesThatXrayBuildsItsUrlFrom() {
        // given
        APIGatewayV2HTTPEvent event = event("GET", "/items");
        event.setRawQueryString("page=2&token=s3cr3t&X-Amz-Signature=abc&flag");
        event.getRequestContext().setDomainName("abc123.execute-api.eu-west-1.amazonaws.com");
        event.getRequestContext().getHttp().setProtocol("HTTP/1.1");
        event.getRequestContext().getHttp().setSourceIp("203.0.113.7");
        event.getRequestContext().getHttp().setUserAgent("curl/8.5.0");

        // when
        Attributes attributes = startAttributes(event, false, false);

        // then
        assertEquals("https", attributes.get(UrlAttributes.URL_SCHEME));
        assertEquals("abc123.execute-api.eu-west-1.amazonaws.com", attributes.get(ServerAttributes.SERVER_ADDRESS));
        assertEquals("/items", attributes.get(UrlAttributes.URL_PATH));
        assertEquals("page=2&token=REDACTED&X-Amz-Signature=REDACTED&flag", attributes.get(UrlAttributes.URL_QUERY));
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/items?page=2&token=REDACTED"
                + "&X-Amz-Signature=REDACTED&flag", attributes.get(UrlAttributes.URL_FULL),
                "what X-Ray shows, also from the ADOT layer's exporter, which joins the parts wrongly");
        assertEquals("1.1", attributes.get(NetworkAttributes.NETWORK_PROTOCOL_VERSION));
        assertEquals("curl/8.5.0", attributes.get(UserAgentAttributes.USER_AGENT_ORIGINAL));
        assertNull(attributes.get(ClientAttributes.CLIENT_ADDRESS), "no client IPs in spans unless asked for");
    }

    @Test
    void clientAddressIsThereOnlyWhenAskedFor() {
        APIGatewayV2HTTPEvent event = event("GET", "/");
        event.getRequestContext().getHttp().setSourceIp("203.0.113.7");

        Attributes attributes = startAttributes(event, false, true);

        assertEquals("203.0.113.7", attributes.get(ClientAttributes.CLIENT_ADDRESS));
    }

    @Test
    void forwardedProtoAndHostHeaderStandInForWhatTheContextLacks() {
        APIGatewayV2HTTPEvent event = event("GET", "/");
        event.setHeaders(Map.of("X-Forwarded-Proto", "http", "Host", "example.com"));

        Attributes attributes = startAttributes(event, false, false);

        assertEquals("http", attributes.get(UrlAttributes.URL_SCHEME));
        assertEquals("example.com", attributes.get(ServerAttributes.SERVER_ADDRESS));
        assertNull(attributes.get(UrlAttributes.URL_QUERY), "no query, no attribute");
    }

    @Test
    void userAgentHeaderIsFoundWhateverItsCase() {
        APIGatewayV2HTTPEvent event = event("GET", "/");
        event.setHeaders(Map.of("USER-AGENT", "curl/8.5.0"));

        Attributes attributes = startAttributes(event, false, false);

        assertEquals("curl/8.5.0", attributes.get(UserAgentAttributes.USER_AGENT_ORIGINAL));
    }

    @Test
    void eventWithoutRequestContextStillGivesAttributes() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();

        Attributes attributes = startAttributes(event, false, false);

        assertNull(attributes.get(HttpAttributes.HTTP_REQUEST_METHOD));
        assertEquals("HTTP", InvocationAttributes.spanName(InvocationAttributes.method(event), null));
    }

    @ParameterizedTest
    @CsvSource({ "PROPFIND", "get", "QUERY", "FOO BAR" })
    void methodTheConventionsDoNotKnowIsOtherWithTheOriginalBesideItAndTheSpanNamedHttp(String method) {
        APIGatewayV2HTTPEvent event = event(method, "/");

        Attributes attributes = startAttributes(event, false, false);

        assertEquals("_OTHER", attributes.get(HttpAttributes.HTTP_REQUEST_METHOD));
        assertEquals(method, attributes.get(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL));
        assertEquals("HTTP", InvocationAttributes.spanName(InvocationAttributes.method(event), null));
        assertEquals("HTTP /", InvocationAttributes.spanName(InvocationAttributes.method(event), "/"));
    }

    @ParameterizedTest
    @CsvSource({ "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE" })
    void knownMethodIsRecordedAsItCameWithNoOriginal(String method) {
        APIGatewayV2HTTPEvent event = event(method, "/");

        Attributes attributes = startAttributes(event, false, false);

        assertEquals(method, attributes.get(HttpAttributes.HTTP_REQUEST_METHOD));
        assertNull(attributes.get(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL));
        assertEquals(method + " /", InvocationAttributes.spanName(InvocationAttributes.method(event), "/"));
    }

    @ParameterizedTest
    @CsvSource({ "HTTP/1.1,1.1", "HTTP/1.0,1.0", "HTTP/2.0,2", "HTTP/2,2", "http/3.0,3" })
    void protocolVersionIsWrittenAsTheConventionsWriteIt(String protocol, String version) {
        assertEquals(version, InvocationAttributes.protocolVersion(protocol));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=1|a=1",
            "password=hunter2&a=1|password=REDACTED&a=1",
            "AWSAccessKeyId=AKIA&Signature=x&sig=y|AWSAccessKeyId=REDACTED&Signature=REDACTED&sig=REDACTED",
            "access_token=x&&empty=|access_token=REDACTED&&empty=",
            "token|token"
    })
    void credentialValuesInTheQueryAreRedacted(String query, String redacted) {
        assertEquals(redacted, InvocationAttributes.redactCredentials(query));
    }

    @Test
    void serverErrorMarksTheSpanAsError() {
        SpanData span = endedWith(response(503), null);

        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(503L, span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE));
        assertEquals("503", span.getAttributes().get(ErrorAttributes.ERROR_TYPE));
    }

    @Test
    void clientErrorLeavesTheStatusUnset() {
        SpanData span = endedWith(response(404), null);

        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertNull(span.getAttributes().get(ErrorAttributes.ERROR_TYPE));
    }

    @Test
    void thrownFailureIsRecordedAsAnExceptionEvent() {
        SpanData span = endedWith(null, new IllegalArgumentException("bad"));

        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("exception", span.getEvents().get(0).getName());
        assertEquals(IllegalArgumentException.class.getName(), span.getAttributes().get(ErrorAttributes.ERROR_TYPE));
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

    private Attributes startAttributes(APIGatewayV2HTTPEvent event, boolean coldStart, boolean clientAddress) {
        Span span = InvocationAttributes.onStart(tracerProvider.get("test").spanBuilder("GET"), event, "req-1",
                coldStart, clientAddress).startSpan();
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
