package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.FakeLambdaContext;

class InvocationDeadlineTest {

    @Test
    void contextWithADeadlineTellsTheTimeLeft() {
        InvocationDeadline deadline = InvocationDeadline.of(new FakeLambdaContext("r", null, 512, 1_234));

        assertTrue(deadline.known());
        assertEquals(1_234, deadline.remainingMillis());
    }

    @Test
    void deadlineAlreadyPassedIsKnownAndNegative() {
        InvocationDeadline deadline = InvocationDeadline.of(new FakeLambdaContext("r", null, 512, -20));

        assertTrue(deadline.known());
        assertEquals(-20, deadline.remainingMillis());
    }

    @Test
    void mockEventServerWithoutADeadlineIsUnknownNotPast() {
        // What Quarkus' context reports when no Lambda-Runtime-Deadline-Ms came: a deadline of 0, in int arithmetic.
        int remaining = (int) (0 - System.currentTimeMillis());

        assertFalse(InvocationDeadline.of(new FakeLambdaContext("r", null, 512, remaining)).known());
        assertFalse(InvocationDeadline.of(null).known());
    }
}
