package dev.lambdatrace.tracing.export;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * How long an invocation may still run before Lambda ends it ("Task timed out"), as its Lambda context tells.
 *
 * @param remainingMillis the time left when this was read; meaningless unless {@link #known}
 */
public record InvocationDeadline(boolean known, long remainingMillis) {

    public static final InvocationDeadline UNKNOWN = new InvocationDeadline(false, 0);

    public static InvocationDeadline of(Context lambdaContext) {
        if (lambdaContext == null) {
            return UNKNOWN;
        }
        int remaining = lambdaContext.getRemainingTimeInMillis();
        // Quarkus' mock event server (dev mode and tests) sends no deadline; its context then reports
        // (int) (0 - now), so "now + remaining" wraps to about zero. A real deadline lands there once in 2^32.
        int deadlineModulo = (int) (System.currentTimeMillis() + remaining);
        if (Math.abs(deadlineModulo) < 10_000) {
            return UNKNOWN;
        }
        return new InvocationDeadline(true, remaining);
    }

    /** A deadline {@code millis} from now. */
    public static InvocationDeadline in(long millis) {
        return new InvocationDeadline(true, millis);
    }
}
