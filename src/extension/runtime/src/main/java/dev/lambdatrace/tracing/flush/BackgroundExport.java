package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.config.BackgroundExportSettings;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.LogThrottle;
import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * The flush on Lambda Managed Instances, which run many invocations at once and never freeze: an invocation only
 * buffers its spans, and one thread exports them in batches over the same connection, once an interval has passed
 * or as soon as a batch is full, off every invocation's path. At shutdown what is buffered leaves within the shutdown
 * budget; an export still under way when it runs out is ended, and what did not leave is counted and logged as
 * dropped before the process goes.
 */
final class BackgroundExport implements InvocationFlush {

    private static final Logger LOG = Logger.getLogger(BackgroundExport.class);
    // Time for the exporter to count and log what an ended export dropped, after the budget.
    static final Duration ACCOUNTING = Duration.ofMillis(100);

    private final SpanFlusher flusher;
    private final Duration interval;
    private final int batchSpans;
    private final Duration exportTimeout;
    private final Thread exporter;
    private final LogThrottle failedTurns = new LogThrottle();
    private boolean batchFull;
    private volatile long shutdownDeadlineNanos;
    private volatile boolean stopping;

    /** Starts exporting; {@code flushTimeout} bounds each export unless {@code OTEL_BSP_EXPORT_TIMEOUT} does. */
    BackgroundExport(SpanFlusher flusher, BackgroundExportSettings settings, Duration flushTimeout) {
        this(flusher, settings.scheduleDelay(), settings.maxExportBatchSize(),
                settings.exportTimeout().orElse(flushTimeout));
    }

    BackgroundExport(SpanFlusher flusher, Duration interval, int batchSpans) {
        this(flusher, interval, batchSpans, Duration.ofSeconds(1));
    }

    BackgroundExport(SpanFlusher flusher, Duration interval, int batchSpans, Duration exportTimeout) {
        this.flusher = flusher;
        this.interval = interval;
        this.batchSpans = batchSpans;
        this.exportTimeout = exportTimeout;
        this.exporter = new Thread(this::run, "span-export");
        exporter.setDaemon(true);
        exporter.start();
    }

    @Override
    public void invocationEnded(String requestId, String traceId, InvocationDeadline deadline) {
        if (flusher.bufferedSpans() >= batchSpans) {
            synchronized (this) {
                batchFull = true;
                notifyAll();
            }
        }
    }

    /**
     * Stops the interval and exports what is buffered by {@code deadlineNanos}; an export still under way then is
     * ended, and what did not leave is counted and logged as dropped before this returns.
     */
    @Override
    public void shutdown(long deadlineNanos) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            shutdownDeadlineNanos = deadlineNanos;
            stopping = true;
            notifyAll();
        }
        try {
            exporter.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (exporter.isAlive()) {
                // An export that began before the shutdown, bounded by its own timeout: ended now.
                flusher.abortSends(ShutdownExport.BUDGET_RAN_OUT);
                exporter.join(ACCOUNTING.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            boolean last = awaitTurn();
            try {
                exportTurn(last);
            } catch (RuntimeException | Error e) {
                // The exporter outlives anything one turn throws: a thread that died would leave every span after it
                // in the buffer, silently.
                long failures = failedTurns.countOne();
                if (failures > 0) {
                    LOG.errorf(e, "The span exporter's turn failed; it goes on (%d failure(s) so far)", failures);
                }
            }
            if (last) {
                flusher.dropBuffered(ShutdownExport.BUDGET_RAN_OUT);
                return;
            }
        }
    }

    /** What is buffered now leaves in this turn, in batches; what ends meanwhile waits for the next turn. */
    private void exportTurn(boolean last) {
        for (int due = flusher.bufferedSpans(); due > 0 && flusher.bufferedSpans() > 0; due -= batchSpans) {
            // The shutdown's turn has the budget's deadline; the export timeout bounds every batch.
            long leftNanos = last ? shutdownDeadlineNanos - System.nanoTime() : Long.MAX_VALUE;
            if (leftNanos <= 0) {
                return;
            }
            Duration bound = Duration.ofNanos(leftNanos);
            flusher.exportBatch(batchSpans, bound.compareTo(exportTimeout) < 0 ? bound : exportTimeout);
        }
    }

    /** Waits for the interval, a full batch or the shutdown; true for the shutdown's last turn. */
    private synchronized boolean awaitTurn() {
        long until = System.nanoTime() + interval.toNanos();
        while (!stopping && !batchFull) {
            long waitMillis = (until - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                break;
            }
            try {
                wait(waitMillis);
            } catch (InterruptedException e) {
                // Nothing interrupts this thread on purpose; the turn simply comes early.
                break;
            }
        }
        batchFull = false;
        return stopping;
    }
}
