package dev.lambdatrace.lab.managed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator.Answer;

/**
 * Callers that each invoke the function in a loop, as fast as it answers, each invocation with a trace header and a
 * request ID of its own, for a bounded time or until stopped. An invocation the emulator refuses for want of an idle
 * worker (it does not queue) is counted and sent again; one that fails otherwise is counted and the caller goes on;
 * a caller the emulator no longer answers (after a shutdown, or past the invocation limit) stops.
 */
final class ConcurrentLoad {

    private static final Duration INVOKE_LIMIT = Duration.ofSeconds(30);

    /**
     * What the callers saw.
     *
     * @param latenciesNanos each answered invocation's time, as the caller waited for it
     * @param answered the request IDs answered 200
     * @param refused invocations refused for want of an idle worker, each sent again
     * @param failed invocations that failed otherwise: an error, a timeout, or no answer (after a shutdown, say)
     * @param longestNanos the longest any invocation took, failed or not: a stalled one shows here
     */
    record Outcome(List<Long> latenciesNanos, Set<String> answered, long refused, long failed, long longestNanos,
            Duration elapsed) {
        double perSecond() {
            return answered.size() / (elapsed.toNanos() / 1e9);
        }
    }

    private final RuntimeInterfaceEmulator rie;
    private final int callers;
    private final AtomicBoolean stopped = new AtomicBoolean();

    ConcurrentLoad(RuntimeInterfaceEmulator rie, int callers) {
        this.rie = rie;
        this.callers = callers;
    }

    /** Stops the callers after their current invocation. */
    void stop() {
        stopped.set(true);
    }

    /** Runs the callers for {@code duration}, or until {@link #stop}, or until an invocation fails otherwise. */
    Outcome run(Duration duration) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        long until = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread caller = new Thread(() -> {
                List<Long> own = new ArrayList<>();
                while (!stopped.get() && System.nanoTime() < until) {
                    String requestId = UUID.randomUUID().toString();
                    String header = HttpApiEvents.sampledTraceHeader();
                    Answer answer;
                    long sent = System.nanoTime();
                    try {
                        answer = rie.invoke(HttpApiEvents.getRoot(header), INVOKE_LIMIT,
                                Map.of("X-Amzn-Trace-Id", header, "X-Amzn-RequestId", requestId));
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        longest.accumulateAndGet(System.nanoTime() - sent, Math::max);
                        break;
                    }
                    longest.accumulateAndGet(answer.latencyNanos(), Math::max);
                    if (answer.noIdleWorker()) {
                        // Its worker is on its way back to /next: let it run rather than spin against it.
                        refused.incrementAndGet();
                        Thread.yield();
                    } else if (answer.status() == 200 && answer.errorType().isEmpty()) {
                        own.add(answer.latencyNanos());
                        answered.add(requestId);
                    } else {
                        failed.incrementAndGet();
                    }
                }
                synchronized (latencies) {
                    latencies.addAll(own);
                }
            }, "caller-" + i);
            caller.start();
            threads.add(caller);
        }
        for (Thread thread : threads) {
            thread.join(duration.plus(INVOKE_LIMIT).toMillis() + 1_000);
        }
        return new Outcome(latencies, answered, refused.get(), failed.get(), longest.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }
}
