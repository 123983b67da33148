package dev.lambdatrace.runtime;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.export.LogThrottle;
import dev.lambdatrace.tracing.flush.InvocationFlush;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
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

    private final List<RuntimeApiWorker> workers = new ArrayList<>();
    private boolean stopped;

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

    private synchronized void startWorkers(int count, LambdaHttpHandler handler) {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        RuntimeApiWorker.Codec codec = new RuntimeApiWorker.Codec(AmazonLambdaMapperRecorder.objectMapper);
        LogThrottle failedNexts = new LogThrottle();
        for (int i = 1; i <= count && !stopped; i++) {
            RuntimeApiWorker worker = new RuntimeApiWorker(runtimeApi, handler, codec, failedNexts);
            Thread thread = new Thread(worker, "lambda-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            workers.add(worker);
        }
        LOG.infof("Lambda Managed Instances: %d workers, %d of them beside Quarkus' own poll loop", count + 1,
                workers.size());
    }

    synchronized void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        workers.forEach(RuntimeApiWorker::stop);
    }
}
