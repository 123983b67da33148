package dev.lambdatrace.tracing.xray;

import java.util.Locale;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

/**
 * An X-Ray trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}), read
 * the way X-Ray writes it: keys in any order and any case, spaces around keys and values, unknown keys such as
 * {@code Self} and {@code Lineage} ignored. A part that does not parse is dropped, never the whole header.
 *
 * <p>Not contrib's {@code AwsXrayPropagator} (opentelemetry-aws-xray-propagator 1.52.0-alpha), which
 * {@code AwsXrayPropagatorComparisonTest} runs against every header case of our tests: it reads Lambda's own header as
 * this does, but gets 11 of the 32 cases wrong, and each is noted below where this parser differs. On Lambda's own
 * header contrib takes about 80 ns less ({@code XrayHeaderTimes}), which is nothing beside an invocation.
 *
 * @param traceId the Root as an OpenTelemetry trace ID (32 lower-case hex digits), or null if absent or invalid
 * @param parentSpanId the Parent (16 lower-case hex digits), or null if absent or invalid
 */
public record XrayTraceHeader(String traceId, String parentSpanId, Sampling sampling) {

    /** The sampling decision the header carries. */
    public enum Sampling {
        /** {@code Sampled=1}. */
        SAMPLED,
        /** {@code Sampled=0}: nothing is recorded. */
        NOT_SAMPLED,
        /** {@code Sampled=?}, or no decision at all: X-Ray leaves the decision to the receiver, that is us. */
        UNDECIDED
    }

    public static final XrayTraceHeader ABSENT = new XrayTraceHeader(null, null, Sampling.UNDECIDED);

    private static final String ZEROS = "00000000";

    public static XrayTraceHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return ABSENT;
        }
        String traceId = null;
        String parent = null;
        Sampling sampling = Sampling.UNDECIDED;
        for (int start = 0, end; start <= header.length(); start = end + 1) {
            end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            int equals = header.indexOf('=', start);
            if (equals < 0 || equals > end) {
                // contrib drops the whole header at the first part without '=', as in ";;Root=...".
                continue;
            }
            // contrib matches keys case-sensitively ("root=" is lost) and keeps a space after '=' in the value.
            String key = header.substring(start, equals).trim();
            String value = header.substring(equals + 1, end).trim();
            if (key.equalsIgnoreCase("Root")) {
                traceId = traceIdOf(value);
            } else if (key.equalsIgnoreCase("Parent")) {
                parent = spanIdOf(value);
            } else if (key.equalsIgnoreCase("Sampled")) {
                // contrib reads a missing flag as Sampled=0, so the function records nothing, and drops the whole
                // header on any value but 0 or 1, '?' included; X-Ray leaves both to the receiver.
                sampling = switch (value) {
                    case "1" -> Sampling.SAMPLED;
                    case "0" -> Sampling.NOT_SAMPLED;
                    default -> Sampling.UNDECIDED;
                };
            }
            // Self, Lineage and keys yet to come carry nothing the root span needs. contrib reads Lineage and
            // throws ArrayIndexOutOfBoundsException out of extract on one like "12345:abcdef01:".
        }
        return new XrayTraceHeader(traceId, parent, sampling);
    }

    /**
     * {@code 1-5759e988-bd862e3fe1be46a994272793} as {@code 5759e988bd862e3fe1be46a994272793}; null if invalid. An
     * epoch part shorter than 8 digits has lost its leading zeros, as AWS writes an all-zero one ({@code 1-0-...}):
     * contrib reads it so, and so does this.
     */
    static String traceIdOf(String root) {
        int dash = root.indexOf('-', 2);
        if (!root.startsWith("1-") || dash < 3 || dash > 10 || root.length() != dash + 25) {
            return null;
        }
        String id = (ZEROS.substring(dash - 2) + root.substring(2, dash) + root.substring(dash + 1))
                .toLowerCase(Locale.ROOT);
        return TraceId.isValid(id) ? id : null;
    }

    /**
     * An OpenTelemetry trace ID ({@code 5759e988bd862e3fe1be46a994272793}) as X-Ray writes it
     * ({@code 1-5759e988-bd862e3fe1be46a994272793}); the inverse of reading a Root.
     */
    public static String xrayTraceId(String traceId) {
        return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
    }

    /** The Parent, lower-cased: the OTel API takes lower-case hex only, so contrib loses an upper-case one. */
    static String spanIdOf(String parent) {
        String id = parent.toLowerCase(Locale.ROOT);
        return SpanId.isValid(id) ? id : null;
    }
}
