package dev.lambdatrace.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.export.LogThrottle;
import dev.lambdatrace.tracing.flush.InvocationFlush;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The native executable's workers on Lambda Managed Instances, where up to {@code AWS_LAMBDA_MAX_CONCURRENCY}
 * invocations run at once. Quarkus' own poll loop, which every native build starts, is one worker; this starts the
 * other N − 1, each with its own Runtime API connection and {@code next} loop, all handing events to the same Quarkus
 * HTTP handler. On the java runtimes AWS's runtime client runs the workers itself.
 */
@Singleton
public class ManagedInstancesWorkers {

    private static final Logger LOG = Logger.getLogger(ManagedInstancesWorkers.class);

    static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    static final Duration OVERDUE_GRACE = Duration.ofSeconds(5);

    private final Map<RuntimeApiWorker, Thread> workers = new LinkedHashMap<>();
    private final List<Thread> givenUp = new ArrayList<>();
    private int launched;
    private volatile boolean stopped;
    private InvocationsInFlight inFlight;
    private RuntimeApiWorker template;

    /**
     * Starts the workers once Quarkus has started. The flush is asked for first: it registers the internal extension,
     * which Lambda takes only before the runtime's first {@code next}.
     */
    void start(@Observes StartupEvent started, InvocationFlush flush, LambdaHttpHandler handler,
            InvocationsInFlight inFlight) {
        ExecutionEnvironment environment = ExecutionEnvironment.current();
        // In dev mode and tests Quarkus' mock server is Lambda.
        if (!environment.managedInstances() || LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        this.inFlight = inFlight;
        // Quarkus starts its poll loop only in a native executable: there this extension adds the other workers. On
        // the java runtimes AWS's runtime client runs them, and this only watches.
        int extraWorkers = ImageMode.current() == ImageMode.NATIVE_RUN ? environment.maxConcurrency() - 1 : 0;
        // Started from a thread of their own, so that Quarkus' startup (Lambda's init) does not wait for them: init
        // ends once Quarkus' own loop calls next, and the others join it as they come.
        Thread starter = new Thread(() -> startWorkers(extraWorkers, environment.maxConcurrency(), handler),
                "lambda-workers");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWorkers(int count, int maxConcurrency, LambdaHttpHandler handler) {
        if (count > 0) {
            // As Quarkus' own loop does: no invocation reaches the HTTP handler before the application has started
            // (its virtual HTTP channel exists only then).
            Application.currentApplication().start(new String[0]);
        }
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        RuntimeApiWorker.Codec codec = new RuntimeApiWorker.Codec(AmazonLambdaMapperRecorder.objectMapper);
        LogThrottle failedNexts = new LogThrottle();
        template = RuntimeApiWorker.of(runtimeApi, handler, codec, failedNexts);
        synchronized (this) {
            for (int i = 1; i <= count && !stopped; i++) {
                launch(template.replacement());
            }
            if (count > 0) {
                LOG.infof("Lambda Managed Instances: %d workers, %d of them beside Quarkus' own poll loop", count + 1,
                        workers.size());
            }
        }
        watch(maxConcurrency);
    }

    /**
     * A handler that never returns (a request Vert.x lost, say) would hold its worker for ever: once it is well past
     * its invocation's deadline, the worker is given up and another takes its place. The Runtime API is called
     * outside the lock that {@link #stopTakingInvocations} needs, and the threads given up are counted: past as many as
     * the environment has workers, none is replaced any more, since each still holds a thread and its memory.
     */
    private void watch(int maxReplacedAlive) {
        LogThrottle abandoned = new LogThrottle();
        boolean capReported = false;
        while (!stopped) {
            sleep(WATCH_EVERY);
            List<RuntimeApiWorker> current;
            synchronized (this) {
                current = List.copyOf(workers.keySet());
            }
            reportOverdueElsewhere(maxReplacedAlive, abandoned);
            for (RuntimeApiWorker worker : current) {
                if (!worker.abandonIfOverdue(System.nanoTime(), OVERDUE_GRACE)) {
                    continue;
                }
                long times = abandoned.countOne();
                synchronized (this) {
                    Thread stuck = workers.remove(worker);
                    givenUp.add(stuck);
                    givenUp.removeIf(thread -> !thread.isAlive());
                    if (stopped) {
                        return;
                    }
                    if (givenUp.size() > maxReplacedAlive) {
                        if (!capReported) {
                            capReported = true;
                            LOG.errorf("%d workers hold handlers that never returned; no more are replaced, and this "
                                    + "environment serves with fewer", givenUp.size());
                        }
                        continue;
                    }
                    launch(worker.replacement());
                }
                if (times > 0) {
                    LOG.warnf("A handler was still running %d ms after its invocation's deadline; its worker was "
                            + "given up and replaced (%d time(s) so far)", OVERDUE_GRACE.toMillis(), times);
                }
            }
        }
    }

    /**
     * Handlers overdue on threads this extension does not own (Quarkus' poll loop, AWS's runtime client): Lambda is
     * told the invocation failed, so its caller is not left waiting, and a worker of this extension takes the slot the
     * stuck thread holds, within the same cap.
     */
    private void reportOverdueElsewhere(int maxReplacedAlive, LogThrottle abandoned) {
        List<Thread> ours;
        synchronized (this) {
            ours = List.copyOf(workers.values());
        }
        for (InvocationsInFlight.Running stuck : inFlight.overdueElsewhere(System.nanoTime(),
                OVERDUE_GRACE.toNanos(), ours)) {
            template.reportOverdueElsewhere(stuck.requestId(), OVERDUE_GRACE);
            long times = abandoned.countOne();
            synchronized (this) {
                givenUp.add(stuck.thread());
                givenUp.removeIf(thread -> !thread.isAlive());
                if (stopped || givenUp.size() > maxReplacedAlive) {
                    continue;
                }
                launch(template.replacement());
            }
            if (times > 0) {
                LOG.warnf("A handler on %s was still running %d ms after its invocation's deadline; the invocation "
                        + "was reported failed and another worker took its place (%d time(s) so far)",
                        stuck.thread().getName(), OVERDUE_GRACE.toMillis(), times);
            }
        }
    }

    /** Workers given up on whose handler has not returned yet. */
    synchronized int givenUpStillRunning() {
        givenUp.removeIf(thread -> !thread.isAlive());
        return givenUp.size();
    }

    private void launch(RuntimeApiWorker worker) {
        Thread thread = new Thread(worker, "lambda-worker-" + (++launched));
        thread.setDaemon(true);
        thread.start();
        workers.put(worker, thread);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At shutdown: no worker takes another invocation; those in flight are still answered. */
    public void stopTakingInvocations() {
        List<RuntimeApiWorker> current;
        synchronized (this) {
            stopped = true;
            current = List.copyOf(workers.keySet());
        }
        current.forEach(RuntimeApiWorker::stop);
    }
}
