package dev.lambdatrace.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * The invocations running now on Lambda Managed Instances, on whichever thread runs them: this extension's workers,
 * Quarkus' own poll loop (native), or AWS's runtime client's threads (java runtimes). The overdue watcher looks here
 * for handlers still running well past their deadline on threads it does not own.
 */
@Singleton
public class InvocationsInFlight {

    /** One invocation: its request id, when Lambda's deadline for it passes ({@link System#nanoTime}), its thread. */
    public record Running(String requestId, long deadlineNanos, Thread thread) {
    }

    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    /** The current thread runs {@code requestId}, due within {@code remainingMillis} (0 or less: no deadline). */
    public void begin(String requestId, long remainingMillis) {
        if (requestId == null || remainingMillis <= 0) {
            return;
        }
        running.put(Thread.currentThread(), new Running(requestId,
                System.nanoTime() + remainingMillis * 1_000_000L, Thread.currentThread()));
    }

    /** The current thread's invocation has ended. */
    public void end() {
        Running ended = running.remove(Thread.currentThread());
        if (ended != null) {
            reported.remove(ended.requestId());
        }
    }

    /** Invocations past their deadline by {@code grace}, not yet reported, on threads not among {@code ours}. */
    List<Running> overdueElsewhere(long nowNanos, long graceNanos, java.util.Collection<Thread> ours) {
        List<Running> overdue = new ArrayList<>();
        for (Running invocation : running.values()) {
            if (nowNanos - invocation.deadlineNanos() >= graceNanos && !ours.contains(invocation.thread())
                    && reported.putIfAbsent(invocation.requestId(), Boolean.TRUE) == null) {
                overdue.add(invocation);
            }
        }
        return overdue;
    }
}
