package dev.lambdatrace.tracing.flush;

import java.io.IOException;
import java.util.List;

import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.export.LogThrottle;

/**
 * This process's registration with Lambda's Extensions API, and the thread that calls {@code next} for it. Lambda
 * accepts a registration only before the runtime's first {@code next}: the native executable registers while Quarkus
 * starts, and on the java runtimes {@code LambdaStreamHandler} registers before Quarkus starts, since AWS's runtime
 * client starts Quarkus only with the first invocation.
 * <p>
 * On classic Lambda it subscribes to INVOKE, for the flush after the response: whoever flushes attaches as the
 * {@link Listener} once Quarkus runs. On Lambda Managed Instances it subscribes to nothing (INVOKE is refused there):
 * a registered extension is what makes Lambda send the runtime SIGTERM, rather than kill it, when it stops the
 * environment. Either way the thread never stops calling {@code next}, or every invocation would wait for it.
 */
final class InternalExtension {

    private static final Logger LOG = Logger.getLogger(InternalExtension.class);

    static final String NAME = "quarkus-lambda-tracing";
    private static final long RETRY_MILLIS = 100;

    /** What it subscribes to, and why, for the log. */
    enum Purpose {
        FLUSH_AFTER_RESPONSE(List.of("INVOKE"), "quarkus.lambda-tracing.flush=after-response: the internal extension could not "
                + "register (%s); spans are flushed before each response instead."),
        SIGTERM_AT_SHUTDOWN(List.of(), "Lambda Managed Instances: the internal extension could not register (%s); "
                + "Lambda may then stop the runtime without a SIGTERM, and spans still buffered are lost.");

        final List<String> events;
        final String refused;

        Purpose(List<String> events, String refused) {
            this.events = events;
            this.refused = refused;
        }
    }

    /** What runs for each invocation, on the extension's thread, before it calls {@code next} again. */
    interface Listener {
        void afterInvoke(ExtensionsApiClient.Event event);
    }

    private static InternalExtension registered;
    private static String refusal;

    private final ExtensionsApiClient api;
    private final String identifier;
    private final LogThrottle failedNexts = new LogThrottle();
    private final LogThrottle failedListeners = new LogThrottle();
    private Listener listener;

    private InternalExtension(ExtensionsApiClient api, String identifier) {
        this.api = api;
        this.identifier = identifier;
    }

    /**
     * Registers for what {@code purpose} needs and starts calling {@code next}, once per process; returns null, and
     * logs why once, when Lambda (or the absence of its Extensions API) refuses.
     */
    static synchronized InternalExtension register(String runtimeApi, Purpose purpose) {
        if (registered != null || refusal != null) {
            return registered;
        }
        if (runtimeApi == null || runtimeApi.isBlank()) {
            refusal = "AWS_LAMBDA_RUNTIME_API is not set";
        } else {
            ExtensionsApiClient api = new ExtensionsApiClient(runtimeApi);
            try {
                registered = new InternalExtension(api, api.register(NAME, purpose.events));
            } catch (IOException | RuntimeException e) {
                refusal = e.getMessage();
            }
        }
        if (registered == null) {
            LOG.warnf(purpose.refused, refusal);
            return null;
        }
        Thread thread = new Thread(registered::run, "lambda-internal-extension");
        thread.setDaemon(true);
        thread.start();
        return registered;
    }

    synchronized void attach(Listener listener) {
        this.listener = listener;
        notifyAll();
    }

    private void run() {
        while (true) {
            ExtensionsApiClient.Event event;
            try {
                event = api.next(identifier);
            } catch (IOException | RuntimeException e) {
                // Never stop asking: an extension that no longer calls next keeps every invocation from ending.
                long failures = failedNexts.countOne();
                if (failures > 0) {
                    LOG.warnf("The internal extension's event/next failed (%s); asking again. Until it succeeds, "
                            + "Lambda may hold each invocation until its timeout (%d failure(s) so far).",
                            e.getMessage(), failures);
                }
                pause();
                continue;
            }
            if (event.shutdown()) {
                return;
            }
            Listener current = awaitListener(event);
            if (current != null) {
                try {
                    current.afterInvoke(event);
                } catch (RuntimeException e) {
                    long failures = failedListeners.countOne();
                    if (failures > 0) {
                        LOG.warnf(e, "The flush after invocation %s failed (%d failure(s) so far)",
                                event.requestId(), failures);
                    }
                }
            }
        }
    }

    /**
     * On the java runtimes the first INVOKE comes while Quarkus is still starting, within that invocation: wait for it,
     * at most until the invocation's deadline. The runtime is busy meanwhile, so the wait keeps nothing awake.
     */
    private synchronized Listener awaitListener(ExtensionsApiClient.Event event) {
        long until = System.nanoTime() + Math.max(0, event.deadlineMs() - System.currentTimeMillis()) * 1_000_000L;
        while (listener == null) {
            long waitMillis = (until - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                return null;
            }
            try {
                wait(waitMillis);
            } catch (InterruptedException e) {
                // The interrupt is spent on this event: left set, it would end every later wait at once.
                return null;
            }
        }
        return listener;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            // Asked again at once instead; this thread never stops calling next.
        }
    }
}
