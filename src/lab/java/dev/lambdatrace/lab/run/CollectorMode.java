package dev.lambdatrace.lab.run;

import dev.lambdatrace.collector.OtlpReceiver.Behaviour;
import dev.lambdatrace.collector.OtlpReceiver;

/**
 * How the lab's collector sink answers, after the two collector layers of the original test.
 */
public enum CollectorMode {
    /** Answers at once, like the upstream collector layer with its {@code decouple} processor. */
    FAST(Behaviour.ACKNOWLEDGE),
    /** Answers only after a delay, like the ADOT layer exporting to X-Ray before it acknowledges. */
    SYNC_EXPORT(Behaviour.DELAY);

    public final Behaviour behaviour;

    CollectorMode(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public static CollectorMode parse(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "fast" -> FAST;
            case "sync-export" -> SYNC_EXPORT;
            default -> throw new IllegalArgumentException(
                    "lab.collector must be fast or sync-export, not '" + value + "'");
        };
    }

    public String label() {
        return this == FAST ? "fast" : "sync-export";
    }
}
