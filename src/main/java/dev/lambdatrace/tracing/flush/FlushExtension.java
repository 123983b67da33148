package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.export.ExportTarget;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.SpanFlusher;
import io.quarkus.runtime.StartupEvent;

/**
 * The after-response flush: as the {@link InternalExtension}'s listener, it waits for each invocation's root span to
 * end, flushes that invocation's spans, and only then lets the extension call {@code next}. Lambda freezes the
 * sandbox once the runtime and every registered extension wait on {@code next}, so the flush runs after the response
 * has gone to the caller and before the freeze.
 */
@Singleton
public class FlushExtension implements InternalExtension.Listener {

    // An invocation the handler has not started by then never reached it: the runtime could not read its event.
    static final Duration START_GRACE = Duration.ofSeconds(1);

    private final InvocationHandoff handoff = new InvocationHandoff();
    private final SpanFlusher flusher;
    private final boolean wanted;
    private volatile boolean registered;

    @Inject
    FlushExtension(SpanFlusher flusher, TracingConfig config, ExportTarget target,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.flusher = flusher;
        // Over UDP nothing is waited for: the flush is done when the datagrams are handed to the kernel.
        this.wanted = config.flush() == TracingConfig.Flush.AFTER_RESPONSE && target.acknowledged() && !sdkDisabled;
    }

    /**
     * Whether this process wants the extension, from its configuration alone: for registering before Quarkus has
     * started, as on the java runtimes.
     */
    public static boolean wanted(Config config) {
        String flush = config.getOptionalValue("tracing.flush", String.class).orElse("before-response");
        String exporter = config.getOptionalValue("tracing.exporter", String.class).orElse("otlp");
        boolean sdkDisabled = config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
        return flush.trim().replace('_', '-').equalsIgnoreCase("after-response")
                && exporter.trim().equalsIgnoreCase("otlp") && !sdkDisabled;
    }

    /** Registers now unless the process did earlier; Lambda refuses registrations after the runtime's first next. */
    public static void registerEarly(Config config) {
        if (wanted(config)) {
            InternalExtension.register(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        }
    }

    void register(@Observes StartupEvent started) {
        if (!wanted) {
            return;
        }
        InternalExtension extension = InternalExtension.register(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        if (extension != null) {
            extension.attach(this);
            registered = true;
        }
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

    @Override
    public void afterInvoke(ExtensionsApi.Event event) {
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
}
