package dev.lambdatrace.runtime;

import java.util.Map;

/**
 * Which Lambda runs this process, read once from the environment Lambda sets: classic Lambda (one invocation at a
 * time, the sandbox frozen between them) or Lambda Managed Instances (up to {@code AWS_LAMBDA_MAX_CONCURRENCY}
 * invocations at once in one process, never frozen).
 *
 * @param maxConcurrency how many invocations run at once: 1 on classic Lambda
 */
public record ExecutionEnvironment(boolean managedInstances, int maxConcurrency) {

    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String MANAGED_INSTANCES = "lambda-managed-instances";
    static final String MAX_CONCURRENCY = "AWS_LAMBDA_MAX_CONCURRENCY";

    public static final ExecutionEnvironment CLASSIC = new ExecutionEnvironment(false, 1);

    private static volatile ExecutionEnvironment current;

    /** This process's environment; throws, naming the variable, when Lambda's concurrency is not a positive number. */
    public static ExecutionEnvironment current() {
        ExecutionEnvironment known = current;
        if (known == null) {
            known = of(System.getenv());
            current = known;
        }
        return known;
    }

    static ExecutionEnvironment of(Map<String, String> environment) {
        String maxConcurrency = environment.get(MAX_CONCURRENCY);
        boolean managed = MANAGED_INSTANCES.equals(environment.get(INITIALIZATION_TYPE)) || maxConcurrency != null;
        if (!managed) {
            return CLASSIC;
        }
        if (maxConcurrency == null || maxConcurrency.isBlank()) {
            // Lambda gives the runtime its concurrency; an extension's environment lacks it.
            return new ExecutionEnvironment(true, 1);
        }
        try {
            int workers = Integer.parseInt(maxConcurrency.trim());
            if (workers >= 1) {
                return new ExecutionEnvironment(true, workers);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(MAX_CONCURRENCY + " must be a positive number of concurrent invocations, "
                + "not '" + maxConcurrency + "'");
    }
}
