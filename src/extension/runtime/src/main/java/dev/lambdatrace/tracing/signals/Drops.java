package dev.lambdatrace.tracing.signals;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Counts the records of one signal (spans, metric points, log records) that the collector did not acknowledge, and
 * logs each outage once: when it starts and when an export succeeds again, never once per invocation.
 */
public class Drops {

    private final Logger log;
    private final String records;

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong incidents = new AtomicLong();
    private long droppedInIncident;
    // Read on every invocation; written only when an outage starts or ends.
    private volatile boolean inIncident;

    /** Drops of {@code records} ("span(s)"), logged by {@code logger}. */
    public Drops(String records, Class<?> logger) {
        this.records = records;
        this.log = Logger.getLogger(logger);
    }

    /** All records dropped since the process started. */
    public long total() {
        return total.get();
    }

    /** How many outages have started since the process started. */
    public long incidents() {
        return incidents.get();
    }

    /** An export was acknowledged: an outage, if any, is over. */
    public void onAcknowledged() {
        if (inIncident) {
            endIncident();
        }
    }

    /** {@code dropped} records were not acknowledged, for {@code reason}. */
    public synchronized void onUnacknowledged(long dropped, String reason) {
        total.addAndGet(dropped);
        if (inIncident) {
            droppedInIncident += dropped;
            return;
        }
        inIncident = true;
        droppedInIncident = dropped;
        incidents.incrementAndGet();
        log.warnf("Dropped %d %s: %s. Drops are counted, and logged again when the collector acknowledges an export.",
                dropped, records, reason);
    }

    private synchronized void endIncident() {
        if (!inIncident) {
            return;
        }
        inIncident = false;
        log.infof("The collector acknowledges exports again; %d %s were dropped while it did not, %d in all.",
                droppedInIncident, records, total.get());
    }
}
