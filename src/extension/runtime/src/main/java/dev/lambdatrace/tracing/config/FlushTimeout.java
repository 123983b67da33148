package dev.lambdatrace.tracing.config;

import java.time.Duration;

/**
 * The one rule every flush timeout follows, whichever exporter it bounds: it is positive. A zero or negative one
 * would drop every span with "no time left" and look like a collector outage.
 */
public final class FlushTimeout {

    static final String KEY = "quarkus.lambda-tracing.flush-timeout";

    /** {@code timeout}, or a startup failure that names {@code QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT}. */
    public static Duration checked(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(ConfigSource.describe(KEY) + " must be a positive duration such as "
                    + "500ms or 1s, not " + timeout);
        }
        return timeout;
    }

    private FlushTimeout() {
    }
}
