package dev.lambdatrace.tracing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the per-invocation root span and its flush. Env form: {@code TRACING_FLUSH_TIMEOUT=500ms}.
 */
@ConfigMapping(prefix = "tracing")
public interface TracingConfig {

    String DEFAULT_FLUSH_TIMEOUT = "1s";

    /**
     * How long an invocation waits, after its root span ended, for the collector to acknowledge the export. Spans that
     * are not acknowledged by then are counted as dropped and the response goes back anyway. Default 1s.
     */
    @WithDefault(DEFAULT_FLUSH_TIMEOUT)
    Duration flushTimeout();
}
