package dev.lambdatrace.lab.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * What receives the traced contestants' OTLP spans, after the collector layers of the original test.
 */
public enum CollectorMode {
    /** The lab's own sink, outside the sandbox, answering at once: like the upstream layer with {@code decouple}. */
    FAST("fast", false),
    /** The lab's own sink answering after {@code lab.sync-delay-ms}: like the ADOT layer exporting to X-Ray inline. */
    SYNC_EXPORT("sync-export", false),
    /**
     * The real collector inside the sandbox with the shipped {@code deploy/collector.yaml}, the ADOT layer's own: OTLP
     * in, {@code awsxray} out, no processors, so it answers once the fake X-Ray has (after {@code lab.xray-delay-ms}).
     */
    OTELCOL("otelcol", true),
    /** The same collector with the batch processor: its receiver answers at once, X-Ray gets the spans later. */
    OTELCOL_BATCH("otelcol-batch", true);

    private final String label;
    private final boolean realCollector;

    CollectorMode(String label, boolean realCollector) {
        this.label = label;
        this.realCollector = realCollector;
    }

    public static CollectorMode parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("lab.collector must be one of "
                        + Arrays.stream(values()).map(CollectorMode::label).toList() + ", not '" + value + "'"));
    }

    public String label() {
        return label;
    }

    /** Whether the real collector runs inside each traced sandbox, with spans counted from what reaches X-Ray. */
    public boolean realCollector() {
        return realCollector;
    }
}
