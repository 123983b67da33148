package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.lambdatrace.tracing.config.ResourceSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.incubating.CloudIncubatingAttributes;
import io.opentelemetry.semconv.incubating.FaasIncubatingAttributes;

/**
 * Every attribute key the function sends, on the root span and on the resource, held up against the semantic
 * conventions' registry as the OpenTelemetry project publishes it ({@code opentelemetry-semconv} and its incubating
 * artifact, 1.37, the release Quarkus 3.33.2 manages): each is a constant there, not deprecated, of the registry's
 * type; and each enumerated value the function writes is one of the registry's.
 */
class SemanticConventionsTest {

    /** Each registered key, with every constant that names it: some are kept, deprecated, in a second class. */
    static final Map<String, List<Field>> REGISTRY = new HashMap<>();

    @BeforeAll
    static void readTheRegistry() throws Exception {
        for (Class<?> anchor : List.of(HttpAttributes.class, FaasIncubatingAttributes.class)) {
            for (Class<?> attributes : attributeClasses(anchor)) {
                for (Field field : attributes.getFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && AttributeKey.class.equals(field.getType())) {
                        AttributeKey<?> key = (AttributeKey<?>) field.get(null);
                        REGISTRY.computeIfAbsent(key.getKey(), name -> new ArrayList<>()).add(field);
                    }
                }
            }
        }
        assertTrue(REGISTRY.size() > 500, "read " + REGISTRY.size() + " keys: the artifacts were not found");
    }

    @Test
    void everyKeyOnTheRootSpanIsARegisteredKeyNotDeprecatedOfTheRegistrysType() {
        // given: a root span with every attribute the function can set: every option on, a query, a user agent,
        // a client address, an unknown method, a matched route, a 5xx, and a thrown exception
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/items");
        event.setRawQueryString("a=1");
        event.setHeaders(Map.of("x-forwarded-proto", "https", "host", "api.example.com"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("PROPFIND");
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("203.0.113.7");
        http.setUserAgent("curl/8.5.0");
        context.setHttp(http);
        context.setDomainName("abc123.execute-api.us-east-1.amazonaws.com");
        event.setRequestContext(context);
        var builder = SdkTracerProvider.builder().build().get("test").spanBuilder("root")
                .setAllAttributes(new FunctionAttributes().of("arn:aws:lambda:us-east-1:123456789012:function:f"));
        InvocationAttributes.onStart(builder, event, "req-1", true, true);
        Span span = builder.startSpan();
        InvocationAttributes.onRoute(span, InvocationAttributes.method(event), "/items");
        APIGatewayV2HTTPResponse failed = new APIGatewayV2HTTPResponse();
        failed.setStatusCode(503);
        InvocationAttributes.onEnd(span, failed, null);
        span.end();
        SpanData data = ((ReadableSpan) span).toSpanData();

        // when
        List<String> wrong = unregisteredOrDeprecated(data.getAttributes().asMap());

        // then
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(17, data.getAttributes().size(), "every attribute was set: " + data.getAttributes());
    }

    @Test
    void everyKeyOfTheFunctionsResourceIsARegisteredKeyNotDeprecatedOfTheRegistrysType() {
        // given: the resource as exported, from Lambda's environment, an invoked ARN and the SDK's own
        FunctionResource function = new FunctionResource(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/01/[$LATEST]abc", "AWS_REGION", "us-east-1"),
                new ResourceSettings(Map.of()));
        function.onInvocation("arn:aws:lambda:us-east-1:123456789012:function:f:live");
        Resource resource = function.mergedWith(Resource.getDefault());

        // when
        List<String> wrong = unregisteredOrDeprecated(resource.getAttributes().asMap());

        // then
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(resource.getAttributes().size() >= 12, "every attribute was set: " + resource.getAttributes());
    }

    @Test
    void everyEnumeratedValueTheFunctionWritesIsOneOfTheRegistrys() {
        assertEquals(CloudIncubatingAttributes.CloudProviderIncubatingValues.AWS,
                new FunctionResource(Map.of(), new ResourceSettings(Map.of())).mergedWith(Resource.empty())
                        .getAttribute(CloudIncubatingAttributes.CLOUD_PROVIDER));
        assertEquals(CloudIncubatingAttributes.CloudPlatformIncubatingValues.AWS_LAMBDA,
                new FunctionResource(Map.of(), new ResourceSettings(Map.of())).mergedWith(Resource.empty())
                        .getAttribute(CloudIncubatingAttributes.CLOUD_PLATFORM));
        assertEquals(FaasIncubatingAttributes.FaasTriggerIncubatingValues.HTTP,
                new FunctionAttributes().of(null).get(FaasIncubatingAttributes.FAAS_TRIGGER));
    }

    /** What is wrong with each key, as a line; empty when every key is registered, current, and of its type. */
    static List<String> unregisteredOrDeprecated(Map<AttributeKey<?>, Object> attributes) {
        List<String> wrong = new ArrayList<>();
        for (AttributeKey<?> sent : attributes.keySet().stream()
                .sorted(Comparator.comparing(AttributeKey::getKey)).toList()) {
            List<Field> constants = REGISTRY.get(sent.getKey());
            if (constants == null) {
                wrong.add(sent.getKey() + ": no constant of the registry");
                continue;
            }
            List<Field> current = constants.stream().filter(field -> !field.isAnnotationPresent(Deprecated.class))
                    .toList();
            if (current.isEmpty()) {
                wrong.add(sent.getKey() + ": deprecated in the registry (" + constants.get(0).getDeclaringClass()
                        .getSimpleName() + "." + constants.get(0).getName() + ")");
                continue;
            }
            AttributeType registered = typeOf(current.get(0));
            if (registered != sent.getType()) {
                wrong.add(sent.getKey() + ": sent as " + sent.getType() + ", registered as " + registered);
            }
        }
        return wrong;
    }

    private static AttributeType typeOf(Field constant) {
        try {
            return ((AttributeKey<?>) constant.get(null)).getType();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code *Attributes} class of the artifact that holds {@code anchor}. */
    private static List<Class<?>> attributeClasses(Class<?> anchor) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entries = file.entries(); entries.hasMoreElements();) {
                String name = entries.nextElement().getName();
                if (name.endsWith("Attributes.class") && !name.contains("$")) {
                    classes.add(Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.')));
                }
            }
        }
        return classes;
    }
}
