package dev.lambdatrace.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import io.quarkus.runtime.ShutdownEvent;
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

    private final List<RuntimeApiWorker> workers = new ArrayList<>();
    private int launched;
    private volatile boolean stopped;

    /**
     * Starts the workers once Quarkus has started. The flush is asked for first: it registers the internal extension,
     * which Lambda takes only before the runtime's first {@code next}.
     */
    void start(@Observes StartupEvent started, InvocationFlush flush, LambdaHttpHandler handler) {
        ExecutionEnvironment environment = ExecutionEnvironment.current();
        // Quarkus starts its poll loop only in a native executable; in dev mode and tests its mock server is Lambda.
        if (!environment.managedInstances() || environment.maxConcurrency() < 2
                || ImageMode.current() != ImageMode.NATIVE_RUN || LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        // Started from a thread of their own, so that Quarkus' startup (Lambda's init) does not wait for them: init
        // ends once Quarkus' own loop calls next, and the others join it as they come.
        Thread starter = new Thread(() -> startWorkers(environment.maxConcurrency() - 1, handler), "lambda-workers");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWorkers(int count, LambdaHttpHandler handler) {
        // As Quarkus' own loop does: no invocation reaches the HTTP handler before the application has started (its
        // virtual HTTP channel exists only then).
        Application.currentApplication().start(new String[0]);
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        RuntimeApiWorker.Codec codec = new RuntimeApiWorker.Codec(AmazonLambdaMapperRecorder.objectMapper);
        LogThrottle failedNexts = new LogThrottle();
        synchronized (this) {
            for (int i = 1; i <= count && !stopped; i++) {
                launch(RuntimeApiWorker.of(runtimeApi, handler, codec, failedNexts));
            }
            LOG.infof("Lambda Managed Instances: %d workers, %d of them beside Quarkus' own poll loop", count + 1,
                    workers.size());
        }
        // A handler that never returns (a request Vert.x lost, say) would hold its worker for ever: once it is
        // well past its invocation's deadline, the worker is given up and another takes its place.
        LogThrottle abandoned = new LogThrottle();
        while (!stopped) {
            sleep(WATCH_EVERY);
            List<RuntimeApiWorker> overdue = new ArrayList<>();
            synchronized (this) {
                for (RuntimeApiWorker worker : workers) {
                    if (worker.abandonIfOverdue(System.nanoTime(), OVERDUE_GRACE)) {
                        overdue.add(worker);
                    }
                }
                for (RuntimeApiWorker worker : overdue) {
                    workers.remove(worker);
                    launch(worker.replacement());
                    long times = abandoned.countOne();
                    if (times > 0) {
                        LOG.warnf("A handler was still running %d ms after its invocation's deadline; its worker was "
                                + "given up and replaced (%d time(s) so far)", OVERDUE_GRACE.toMillis(), times);
                    }
                }
            }
        }
    }

    private void launch(RuntimeApiWorker worker) {
        Thread thread = new Thread(worker, "lambda-worker-" + (++launched));
        thread.setDaemon(true);
        thread.start();
        workers.add(worker);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        workers.forEach(RuntimeApiWorker::stop);
    }
}
