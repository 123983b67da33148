package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import dev.lambdatrace.tracing.config.BackgroundExportSettings;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * The flush on Lambda Managed Instances, which run many invocations at once and never freeze: an invocation only
 * buffers its spans, and one thread exports them in batches over the same connection, once an interval has passed
 * or as soon as a batch is full, off every invocation's path. At SIGTERM what is buffered leaves within the shutdown
 * budget; what the collector does not take by then is counted and logged as dropped.
 */
final class BackgroundExport implements InvocationFlush {

    // AWS's emulator gives the runtime about 600 ms between SIGTERM and SIGKILL; production's figure is not published.
    static final Duration SHUTDOWN_BUDGET = Duration.ofMillis(400);

    private final SpanFlusher flusher;
    private final Duration interval;
    private final int batchSpans;
    private final Thread exporter;
    private boolean batchFull;
    private volatile long shutdownDeadlineNanos;
    private volatile boolean stopping;

    /** Starts exporting, and exports what is buffered at SIGTERM within the shutdown budget. */
    BackgroundExport(SpanFlusher flusher, BackgroundExportSettings settings) {
        this(flusher, settings.scheduleDelay(), settings.maxExportBatchSize());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(SHUTDOWN_BUDGET), "span-export-shutdown"));
    }

    BackgroundExport(SpanFlusher flusher, Duration interval, int batchSpans) {
        this.flusher = flusher;
        this.interval = interval;
        this.batchSpans = batchSpans;
        this.exporter = new Thread(this::run, "span-export");
        exporter.setDaemon(true);
        exporter.start();
    }

    @Override
    public void invocationEnded(String requestId, InvocationDeadline deadline) {
        if (flusher.bufferedSpans() >= batchSpans) {
            synchronized (this) {
                batchFull = true;
                notifyAll();
            }
        }
    }

    /**
     * Stops the interval and exports what is buffered within {@code budget}, then returns; at most {@code budget}
     * later if the collector does not answer. Called at SIGTERM.
     */
    void shutdown(Duration budget) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            shutdownDeadlineNanos = System.nanoTime() + budget.toNanos();
            stopping = true;
            notifyAll();
        }
        try {
            exporter.join(Math.max(1, budget.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            boolean last = awaitTurn();
            // What is buffered now leaves in this turn, in batches; what ends meanwhile waits for the next turn.
            for (int due = flusher.bufferedSpans(); due > 0 && flusher.bufferedSpans() > 0; due -= batchSpans) {
                // Only the shutdown's turn has a deadline of its own; the flush timeout bounds every batch.
                long leftNanos = last ? shutdownDeadlineNanos - System.nanoTime() : Long.MAX_VALUE;
                if (leftNanos <= 0) {
                    break;
                }
                flusher.exportBatch(batchSpans, Duration.ofNanos(leftNanos));
            }
            if (last) {
                flusher.dropBuffered("the shutdown budget ran out before they could be exported");
                return;
            }
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
