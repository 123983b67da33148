package dev.lambdatrace.tracing.xray;

import java.util.Collections;
import java.util.Map;

import org.jboss.logging.Logger;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;

/**
 * Reads the parent of an invocation's root span from the Lambda X-Ray trace header, which the runtime loop puts in the
 * system property {@code com.amazonaws.xray.traceHeader} (or Lambda in the env {@code _X_AMZN_TRACE_ID}).
 */
public final class LambdaTraceHeader {

    private static final Logger LOG = Logger.getLogger(LambdaTraceHeader.class);

    private static final TextMapGetter<Map<String, String>> NO_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return Collections.emptyList();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return null;
        }
    };

    /**
     * The parent to start the root span under. With no header, or one that does not parse, this is the root context,
     * so the span starts a new trace; a malformed header must never fail the invocation.
     */
    public static Context parentContext() {
        try {
            // An empty carrier makes the propagator fall through to the Lambda system property and env variable.
            return AwsXrayLambdaPropagator.getInstance().extract(Context.root(), Collections.emptyMap(), NO_HEADERS);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Ignoring an unreadable Lambda trace header");
            return Context.root();
        }
    }

    private LambdaTraceHeader() {
    }
}
