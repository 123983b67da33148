package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.LogThrottle;
import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * The flush after the response: the invocation thread only says that the root span has ended, and the response goes
 * back at once; the {@link InternalExtension}'s thread, given the same invocation's INVOKE event, waits for that, flushes,
 * and only then calls {@code next}. Lambda freezes the sandbox once the runtime and every extension wait on
 * {@code next}, so the flush runs after the caller has its answer and before the freeze.
 */
final class AfterResponseFlush implements InvocationFlush, InternalExtension.Listener {

    private static final Logger LOG = Logger.getLogger(AfterResponseFlush.class);

    // An invocation the handler has not started by then may never reach it: the runtime could not read its event.
    static final Duration START_GRACE = Duration.ofSeconds(1);
    // Lambda's longest timeout.
    static final Duration LONGEST_INVOCATION = Duration.ofMinutes(15);

    private final InvocationHandoff handoff = new InvocationHandoff();
    private final LogThrottle flushedBeforeResponse = new LogThrottle();
    private final SpanFlusher flusher;
    private final Duration startGrace;

    AfterResponseFlush(SpanFlusher flusher) {
        this(flusher, START_GRACE);
    }

    AfterResponseFlush(SpanFlusher flusher, Duration startGrace) {
        this.flusher = flusher;
        this.startGrace = startGrace;
    }

    @Override
    public void invocationStarted(String requestId) {
        handoff.started(requestId);
    }

    @Override
    public void invocationEnded(String requestId, String traceId, InvocationDeadline deadline) {
        if (handoff.ended(requestId)) {
            return;
        }
        // The extension stopped waiting for this root span, which started late: the span leaves now, before the
        // response, since nothing after it holds the freeze any more.
        long count = flushedBeforeResponse.countOne();
        if (count > 0) {
            LOG.warnf("The root span of invocation %s started more than %d ms after Lambda's INVOKE event, so the "
                    + "extension did not wait for it; its spans were flushed before the response (%d time(s) so far).",
                    requestId, startGrace.toMillis(), count);
        }
        flusher.flush(deadline);
    }

    @Override
    public void shutdown(long deadlineNanos) {
        ShutdownExport.exportWithin(flusher, deadlineNanos);
    }

    /** Invocations whose spans left before their response because their root span started after the grace. */
    long flushedBeforeResponse() {
        return flushedBeforeResponse.count();
    }

    @Override
    public void afterInvoke(ExtensionsApiClient.Event event) {
        InvocationDeadline deadline = InvocationDeadline.at(event.deadlineMs());
        long now = System.nanoTime();
        // An event without a deadline is waited for as long as Lambda lets any invocation run, not given up at once.
        long waitMillis = deadline.known() ? deadline.remainingMillis() : LONGEST_INVOCATION.toMillis();
        try {
            handoff.awaitEnd(event.requestId(), now + startGrace.toNanos(), now + waitMillis * 1_000_000L);
        } catch (InterruptedException e) {
            // The interrupt ended this wait: the invocation thread flushes this invocation's own spans.
            handoff.abandon(event.requestId());
            LOG.debugf("The wait for invocation %s was interrupted; its spans leave before its response", event.requestId());
        }
        // An interrupt is spent here, even one that came as the wait ended normally (a notify and an interrupt
        // together may leave it set): left set, it would fail this flush and end every later wait at once.
        Thread.interrupted();
        if (flusher.hasWork()) {
            flusher.flush(deadline);
        }
    }
}
