package dev.lambdatrace.tracing.export;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

/**
 * Counts the spans that a flush could not get acknowledged, and logs each collector outage once: when it starts and
 * when an export succeeds again, never once per invocation.
 */
@Singleton
public class DroppedSpans {

    private static final Logger LOG = Logger.getLogger(DroppedSpans.class);

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong incidents = new AtomicLong();
    private long droppedInIncident;
    // Read on every invocation; written only when an outage starts or ends.
    private volatile boolean inIncident;

    /** All spans dropped since the process started. */
    public long total() {
        return total.get();
    }

    /** How many outages have started since the process started. */
    public long incidents() {
        return incidents.get();
    }

    void onAcknowledged() {
        if (inIncident) {
            endIncident();
        }
    }

    synchronized void onUnacknowledged(long spans, String reason) {
        total.addAndGet(spans);
        if (inIncident) {
            droppedInIncident += spans;
            return;
        }
        inIncident = true;
        droppedInIncident = spans;
        incidents.incrementAndGet();
        LOG.warnf("Dropped %d span(s): %s. Drops are counted, and logged again when the collector acknowledges an export.",
                spans, reason);
    }

    private synchronized void endIncident() {
        if (!inIncident) {
            return;
        }
        inIncident = false;
        LOG.infof("The collector acknowledges exports again; %d span(s) were dropped while it did not, %d in all.",
                droppedInIncident, total.get());
    }
}
