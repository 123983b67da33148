package dev.lambdatrace.tracing.attributes;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

/**
 * The FaaS, cloud and HTTP semantic-convention attributes of an invocation's root span.
 */
public final class InvocationAttributes {

    // Copied from FaasIncubatingAttributes (semconv 1.37): the incubating artifact is alpha and renames keys.
    static final AttributeKey<String> FAAS_INVOCATION_ID = stringKey("faas.invocation_id");
    static final AttributeKey<String> FAAS_TRIGGER = stringKey("faas.trigger");
    static final AttributeKey<String> FAAS_NAME = stringKey("faas.name");
    static final AttributeKey<String> FAAS_VERSION = stringKey("faas.version");
    static final AttributeKey<Long> FAAS_MAX_MEMORY = longKey("faas.max_memory");
    static final AttributeKey<Boolean> FAAS_COLDSTART = booleanKey("faas.coldstart");
    // Copied from CloudIncubatingAttributes (semconv 1.37).
    static final AttributeKey<String> CLOUD_PROVIDER = stringKey("cloud.provider");
    static final AttributeKey<String> CLOUD_PLATFORM = stringKey("cloud.platform");
    static final AttributeKey<String> CLOUD_REGION = stringKey("cloud.region");
    static final AttributeKey<String> CLOUD_RESOURCE_ID = stringKey("cloud.resource_id");
    static final AttributeKey<String> CLOUD_ACCOUNT_ID = stringKey("cloud.account.id");

    // HTTP semconv: a request without a usable method is named after the protocol.
    private static final String UNKNOWN_METHOD_NAME = "HTTP";
    private static final long BYTES_PER_MB = 1024L * 1024L;

    public static String spanName(String method, String route) {
        if (method == null) {
            return UNKNOWN_METHOD_NAME;
        }
        return route == null ? method : method + " " + route;
    }

    public static String method(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event == null ? null : event.getRequestContext();
        return requestContext == null || requestContext.getHttp() == null ? null : requestContext.getHttp().getMethod();
    }

    /** What is the same for every invocation of a function; {@link FunctionAttributes} builds it once. */
    static Attributes ofFunction(Context lambdaContext) {
        AttributesBuilder attributes = Attributes.builder()
                .put(FAAS_TRIGGER, "http")
                .put(CLOUD_PROVIDER, "aws")
                .put(CLOUD_PLATFORM, "aws_lambda");
        if (lambdaContext != null) {
            putIfPresent(attributes, FAAS_NAME, lambdaContext.getFunctionName());
            putIfPresent(attributes, FAAS_VERSION, lambdaContext.getFunctionVersion());
            if (lambdaContext.getMemoryLimitInMB() > 0) {
                attributes.put(FAAS_MAX_MEMORY, lambdaContext.getMemoryLimitInMB() * BYTES_PER_MB);
            }
            String arn = lambdaContext.getInvokedFunctionArn();
            LambdaArn parsedArn = LambdaArn.parse(arn);
            putIfPresent(attributes, CLOUD_RESOURCE_ID, arn);
            putIfPresent(attributes, CLOUD_ACCOUNT_ID, parsedArn.accountId());
            putIfPresent(attributes, CLOUD_REGION,
                    parsedArn.region() != null ? parsedArn.region() : System.getenv("AWS_REGION"));
        }
        return attributes.build();
    }

    /** Adds what differs from one invocation to the next. */
    public static SpanBuilder onStart(SpanBuilder span, APIGatewayV2HTTPEvent event, Context lambdaContext,
            boolean coldStart) {
        span.setAttribute(FAAS_COLDSTART, coldStart);
        if (lambdaContext != null) {
            setIfPresent(span, FAAS_INVOCATION_ID, lambdaContext.getAwsRequestId());
        }
        if (event != null) {
            setIfPresent(span, HttpAttributes.HTTP_REQUEST_METHOD, method(event));
            setIfPresent(span, UrlAttributes.URL_PATH, event.getRawPath());
            setIfPresent(span, UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent(event));
        }
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
            span.setStatus(StatusCode.ERROR, failure.getClass().getName());
            return;
        }
        if (response != null) {
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) response.getStatusCode());
            // HTTP semconv for SERVER spans: 5xx is an error, 4xx is the caller's.
            if (response.getStatusCode() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
    }

    private static String userAgent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        if (requestContext != null && requestContext.getHttp() != null
                && requestContext.getHttp().getUserAgent() != null) {
            return requestContext.getHttp().getUserAgent();
        }
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if ("user-agent".equalsIgnoreCase(header.getKey())) {
                    return header.getValue();
                }
            }
        }
        return null;
    }

    private static <T> void putIfPresent(AttributesBuilder attributes, AttributeKey<T> key, T value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }

    private static void setIfPresent(SpanBuilder span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    private InvocationAttributes() {
    }
}
