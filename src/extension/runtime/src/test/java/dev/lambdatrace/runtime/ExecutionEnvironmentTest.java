package dev.lambdatrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionEnvironmentTest {

    @Test
    void withoutManagedInstancesVariablesItIsClassicLambdaWithOneInvocationAtATime() {
        assertEquals(ExecutionEnvironment.CLASSIC, ExecutionEnvironment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")));
    }

    @Test
    void managedInstancesRuntimeGetsItsConcurrencyFromLambda() {
        ExecutionEnvironment environment = ExecutionEnvironment.of(Map.of(
                "AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances", "AWS_LAMBDA_MAX_CONCURRENCY", "16"));

        assertEquals(new ExecutionEnvironment(true, 16), environment);
    }

    @Test
    void maxConcurrencyAloneMeansManagedInstances() {
        assertEquals(new ExecutionEnvironment(true, 4),
                ExecutionEnvironment.of(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", " 4 ")));
    }

    @Test
    void managedInstancesWithoutAConcurrencyRunsOneWorker() {
        assertEquals(new ExecutionEnvironment(true, 1),
                ExecutionEnvironment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "many", "1.5"})
    void concurrencyThatIsNotAPositiveNumberIsAnErrorNamingTheVariable(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ExecutionEnvironment.of(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", value)));

        assertTrue(error.getMessage().contains("AWS_LAMBDA_MAX_CONCURRENCY"), error.getMessage());
        assertTrue(error.getMessage().contains(value), error.getMessage());
    }
}
