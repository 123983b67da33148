package dev.lambdatrace.tracing.xray;

import java.util.Locale;

/**
 * An X-Ray trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}), read
 * the way X-Ray writes it: keys in any order and any case, spaces around keys and values, unknown keys such as
 * {@code Self} and {@code Lineage} ignored. A part that does not parse is dropped, never the whole header.
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

    public static XrayTraceHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return ABSENT;
        }
        String traceId = null;
        String parent = null;
        Sampling sampling = Sampling.UNDECIDED;
        for (String part : header.split(";")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String value = part.substring(equals + 1).trim();
            switch (part.substring(0, equals).trim().toLowerCase(Locale.ROOT)) {
                case "root" -> traceId = traceIdOf(value);
                case "parent" -> parent = spanIdOf(value);
                case "sampled" -> sampling = switch (value) {
                    case "1" -> Sampling.SAMPLED;
                    case "0" -> Sampling.NOT_SAMPLED;
                    default -> Sampling.UNDECIDED;
                };
                default -> {
                    // Self, Lineage and keys yet to come carry nothing the root span needs.
                }
            }
        }
        return new XrayTraceHeader(traceId, parent, sampling);
    }

    /** {@code 1-5759e988-bd862e3fe1be46a994272793} as {@code 5759e988bd862e3fe1be46a994272793}; null if invalid. */
    static String traceIdOf(String root) {
        if (root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return null;
        }
        String id = (root.substring(2, 10) + root.substring(11)).toLowerCase(Locale.ROOT);
        return isHex(id) && !isZero(id) ? id : null;
    }

    static String spanIdOf(String parent) {
        String id = parent.toLowerCase(Locale.ROOT);
        return id.length() == 16 && isHex(id) && !isZero(id) ? id : null;
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
