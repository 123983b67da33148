package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvocationDeadlineTest {

    @Test
    void invocationStartingWithTimeLeftKnowsItsBudgetAndCountsDown() throws InterruptedException {
        // given
        InvocationDeadline deadline = InvocationDeadline.startingWith(1_234);

        // when
        Thread.sleep(20);

        // then
        assertTrue(deadline.known());
        assertEquals(1_234, deadline.budgetMillis());
        assertTrue(deadline.remainingMillis() <= 1_234 - 20, "time passed: " + deadline.remainingMillis());
    }

    @Test
    void deadlineAlreadyPassedIsKnownAndNegative() {
        InvocationDeadline deadline = InvocationDeadline.startingWith(-20);

        assertTrue(deadline.known());
        assertTrue(deadline.remainingMillis() <= -20, String.valueOf(deadline.remainingMillis()));
    }

    @Test
    void extensionEventDeadlineIsAnEpochTimeWhoseBudgetIsTheTimeLeftNow() {
        long at = System.currentTimeMillis() + 3_000;

        InvocationDeadline deadline = InvocationDeadline.at(at);

        assertTrue(deadline.known());
        assertEquals(at, deadline.epochMillis());
        assertTrue(deadline.budgetMillis() > 2_000 && deadline.budgetMillis() <= 3_000,
                String.valueOf(deadline.budgetMillis()));
    }

    @Test
    void extensionEventWithoutADeadlineIsUnknownNotPast() {
        assertFalse(InvocationDeadline.at(0).known());
        assertFalse(InvocationDeadline.at(-5).known());
        assertFalse(InvocationDeadline.UNKNOWN.known());
    }
}
