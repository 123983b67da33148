package dev.lambdatrace.tracing.flush;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.export.ExportTarget;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.SpanFlusher;
import io.quarkus.runtime.StartupEvent;

/**
 * An internal Lambda extension, a thread of the function's own process, that flushes each invocation's spans after
 * the response has gone to the caller and before Lambda may freeze the sandbox: Lambda freezes it only once the
 * runtime and every registered extension wait on {@code next}, and this one calls {@code next} only when its flush
 * has ended (or its bound has passed).
 * <p>
 * It registers while the process starts, before the runtime's first {@code next}, as Lambda requires. If it cannot
 * (no Extensions API, as under Quarkus' dev-mode mock server), it says so once and the flush stays before the response.
 */
@Singleton
public class FlushExtension {

    private static final Logger LOG = Logger.getLogger(FlushExtension.class);

    static final String NAME = "traced-function-flush";
    // An invocation the handler has not started by then never reached it: the runtime could not read its event.
    static final Duration START_GRACE = Duration.ofSeconds(1);
    private static final long RETRY_NANOS = 100_000_000L;

    private final InvocationHandoff handoff = new InvocationHandoff();
    private final SpanFlusher flusher;
    private final boolean wanted;
    private final String runtimeApi;
    private volatile boolean registered;

    @Inject
    FlushExtension(SpanFlusher flusher, TracingConfig config, ExportTarget target,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.flusher = flusher;
        // Over UDP nothing is waited for: the flush is done when the datagrams are handed to the kernel.
        this.wanted = config.flush() == TracingConfig.Flush.AFTER_RESPONSE && target.acknowledged() && !sdkDisabled;
        this.runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
    }

    /** Registers while the process starts; Lambda refuses registrations after the runtime's first {@code next}. */
    void register(@Observes StartupEvent started) {
        if (!wanted) {
            return;
        }
        if (runtimeApi == null || runtimeApi.isBlank()) {
            LOG.warn("tracing.flush=after-response needs Lambda's Extensions API, and AWS_LAMBDA_RUNTIME_API is not "
                    + "set; spans are flushed before each response instead.");
            return;
        }
        ExtensionsApi api = new ExtensionsApi(runtimeApi);
        String identifier;
        try {
            identifier = api.register(NAME);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("tracing.flush=after-response: the internal extension could not register (%s); spans are "
                    + "flushed before each response instead.", e.getMessage());
            return;
        }
        Thread thread = new Thread(() -> run(api, identifier), "lambda-flush-extension");
        thread.setDaemon(true);
        thread.start();
        registered = true;
    }

    /** Whether the extension runs, so that the invocation thread leaves the flush to it. */
    public boolean registered() {
        return registered;
    }

    void invocationStarted(String requestId) {
        handoff.started(requestId);
    }

    void invocationEnded(String requestId) {
        handoff.ended(requestId);
    }

    private void run(ExtensionsApi api, String identifier) {
        while (true) {
            ExtensionsApi.Event event;
            try {
                event = api.next(identifier);
            } catch (IOException | RuntimeException e) {
                // Never stop asking: an extension that no longer calls next keeps every invocation from ending.
                LOG.debugf(e, "Extensions API event/next failed; asking again");
                pause();
                continue;
            }
            if (event.shutdown()) {
                return;
            }
            flushAfter(event);
        }
    }

    private void flushAfter(ExtensionsApi.Event event) {
        long remainingMillis = event.deadlineMs() - System.currentTimeMillis();
        long now = System.nanoTime();
        try {
            handoff.awaitEnd(event.requestId(), now + START_GRACE.toNanos(), now + remainingMillis * 1_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (flusher.hasWork()) {
            flusher.flush(event.deadlineMs() > 0
                    ? InvocationDeadline.in(event.deadlineMs() - System.currentTimeMillis())
                    : InvocationDeadline.UNKNOWN);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_NANOS / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
