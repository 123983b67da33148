package dev.lambdatrace.tracing.export;

/**
 * When Lambda ends an invocation ("Task timed out"), and how long the invocation had in all when it started: the flush
 * keeps a share of that budget for posting the response.
 *
 * @param epochMillis the deadline, in milliseconds since the epoch; meaningless unless {@link #known}
 * @param budgetMillis the time the invocation had left when it started
 * @param firstOfProcess whether this is the process's first invocation, whose answer runs code never run before
 */
public record InvocationDeadline(long epochMillis, long budgetMillis, boolean firstOfProcess) {

    /** No deadline: Quarkus' mock event server (dev mode and tests) sends none. */
    public static final InvocationDeadline UNKNOWN = new InvocationDeadline(0, 0, false);

    public InvocationDeadline(long epochMillis, long budgetMillis) {
        this(epochMillis, budgetMillis, false);
    }

    /** The deadline of an invocation that starts now with {@code remainingMillis} left. */
    public static InvocationDeadline startingWith(long remainingMillis, boolean firstOfProcess) {
        return new InvocationDeadline(System.currentTimeMillis() + remainingMillis, remainingMillis, firstOfProcess);
    }

    /** The deadline of a later invocation that starts now with {@code remainingMillis} left. */
    public static InvocationDeadline startingWith(long remainingMillis) {
        return startingWith(remainingMillis, false);
    }

    /** The deadline Lambda sent ({@code deadlineMs}), read as the invocation starts; unknown when it sent none (0). */
    public static InvocationDeadline at(long epochMillis) {
        return epochMillis <= 0 ? UNKNOWN
                : new InvocationDeadline(epochMillis, epochMillis - System.currentTimeMillis(), false);
    }

    public boolean known() {
        return epochMillis > 0;
    }

    /** The time left now; negative once the deadline has passed. */
    public long remainingMillis() {
        return epochMillis - System.currentTimeMillis();
    }
}
