package dev.lambdatrace.tracing.export;

import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.signals.Drops;

/**
 * The spans that a flush could not get acknowledged, counted, and each collector outage logged once.
 */
@Singleton
public class DroppedSpans extends Drops {

    public DroppedSpans() {
        super("span(s)", DroppedSpans.class);
    }
}
