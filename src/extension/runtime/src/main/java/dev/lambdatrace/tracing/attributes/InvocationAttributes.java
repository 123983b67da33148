package dev.lambdatrace.tracing.attributes;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

/**
 * The FaaS and HTTP server semantic-convention attributes of an invocation's root span: what differs from one
 * invocation to the next. What describes the function is on the {@link FunctionResource}.
 */
public final class InvocationAttributes {

    // Copied from the incubating semantic conventions (1.37): that artifact is alpha and renames keys.
    static final AttributeKey<String> FAAS_INVOCATION_ID = stringKey("faas.invocation_id");
    static final AttributeKey<Boolean> FAAS_COLDSTART = booleanKey("faas.coldstart");

    static final String REDACTED = "REDACTED";
    // The semantic conventions' default list (url.query), plus the names that carry credentials in AWS and OAuth.
    private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("awsaccesskeyid", "signature", "sig",
            "x-goog-signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "token", "access_token",
            "id_token", "refresh_token", "client_secret", "api_key", "apikey", "password", "passwd", "secret");
    // HTTP semconv: a request without a known method is named after the protocol.
    private static final String UNKNOWN_METHOD_NAME = "HTTP";
    // HTTP semconv (1.37): the methods of RFC 9110 and PATCH, case-sensitive; any other is _OTHER, with the original
    // in http.request.method_original.
    static final String OTHER_METHOD = "_OTHER";
    private static final Set<String> KNOWN_METHODS = Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH",
            "POST", "PUT", "TRACE");

    public static String spanName(String method, String route) {
        String name = method == null || method.equals(OTHER_METHOD) ? UNKNOWN_METHOD_NAME : method;
        return route == null ? name : name + " " + route;
    }

    /** The request's method as the conventions record it: a known method, {@code _OTHER}, or null if none came. */
    public static String method(APIGatewayV2HTTPEvent event) {
        String method = originalMethod(event);
        return method == null || KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
    }

    private static String originalMethod(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = http(event);
        return http == null ? null : http.getMethod();
    }

    /** Adds what differs from one invocation to the next and is known before the handler runs. */
    public static SpanBuilder onStart(SpanBuilder span, APIGatewayV2HTTPEvent event, String invocationId,
            boolean coldStart, boolean captureClientAddress) {
        span.setAttribute(FAAS_COLDSTART, coldStart);
        setIfPresent(span, FAAS_INVOCATION_ID, invocationId);
        if (event == null) {
            return span;
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = http(event);
        String method = method(event);
        setIfPresent(span, HttpAttributes.HTTP_REQUEST_METHOD, method);
        if (OTHER_METHOD.equals(method)) {
            span.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, originalMethod(event));
        }
        String forwardedProto = header(event, "x-forwarded-proto");
        // API Gateway answers the world over HTTPS only; it says so in X-Forwarded-Proto as well.
        String scheme = forwardedProto != null ? forwardedProto : "https";
        String domain = event.getRequestContext() == null ? null : event.getRequestContext().getDomainName();
        String query = event.getRawQueryString() == null || event.getRawQueryString().isEmpty() ? null
                : redactCredentials(event.getRawQueryString());
        String host = domain != null ? domain : header(event, "host");
        span.setAttribute(UrlAttributes.URL_SCHEME, scheme);
        setIfPresent(span, ServerAttributes.SERVER_ADDRESS, host);
        setIfPresent(span, UrlAttributes.URL_PATH, event.getRawPath());
        setIfPresent(span, UrlAttributes.URL_QUERY, query);
        setIfPresent(span, UrlAttributes.URL_FULL, XrayUrl.full(scheme, host, event.getRawPath(), query));
        if (http != null) {
            setIfPresent(span, NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion(http.getProtocol()));
            if (captureClientAddress) {
                setIfPresent(span, ClientAttributes.CLIENT_ADDRESS, http.getSourceIp());
            }
        }
        String userAgent = http != null && http.getUserAgent() != null ? http.getUserAgent()
                : header(event, "user-agent");
        setIfPresent(span, UserAgentAttributes.USER_AGENT_ORIGINAL, XrayUrl.cut(userAgent, XrayUrl.MAX_CHARACTERS));
        return span;
    }

    /** Called from the Vert.x side once the router has matched a route template. */
    public static void onRoute(Span span, String method, String route) {
        span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
        span.updateName(spanName(method, route));
    }

    public static void onEnd(Span span, APIGatewayV2HTTPResponse response, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR, failure.getClass().getName());
            return;
        }
        if (response != null) {
            int status = response.getStatusCode();
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
            // HTTP semconv for SERVER spans: 5xx is an error, named by its status code; 4xx is the caller's.
            if (status >= 500) {
                span.setAttribute(ErrorAttributes.ERROR_TYPE, String.valueOf(status));
                span.setStatus(StatusCode.ERROR);
            }
        }
    }

    /** {@code a=1&token=abc} as {@code a=1&token=REDACTED}: values of parameters that look like credentials. */
    static String redactCredentials(String query) {
        StringJoiner redacted = new StringJoiner("&");
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            redacted.add(equals >= 0 && CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))
                    ? name + "=" + REDACTED : parameter);
        }
        return redacted.toString();
    }

    /** {@code HTTP/1.1} as {@code 1.1}, {@code HTTP/2.0} as {@code 2}, as the conventions write them. */
    static String protocolVersion(String protocol) {
        if (protocol == null || !protocol.regionMatches(true, 0, "HTTP/", 0, 5)) {
            return null;
        }
        String version = protocol.substring(5);
        return version.endsWith(".0") && !version.startsWith("1") ? version.substring(0, version.length() - 2)
                : version;
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Http http(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event == null ? null : event.getRequestContext();
        return requestContext == null ? null : requestContext.getHttp();
    }

    private static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (name.equalsIgnoreCase(header.getKey())) {
                    return header.getValue();
                }
            }
        }
        return null;
    }

    private static void setIfPresent(SpanBuilder span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    private InvocationAttributes() {
    }
}
