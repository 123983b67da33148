package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DroppedSpansTest {

    final DroppedSpans dropped = new DroppedSpans();

    @Test
    void consecutiveFailuresAreOneIncidentAndEverySpanIsCounted() {
        // when
        dropped.onUnacknowledged(1, "refused");
        dropped.onUnacknowledged(2, "refused");
        dropped.onUnacknowledged(1, "timed out");

        // then
        assertEquals(4, dropped.total());
        assertEquals(1, dropped.incidents());
    }

    @Test
    void anAcknowledgedFlushEndsTheIncident() {
        dropped.onUnacknowledged(1, "refused");
        dropped.onAcknowledged();
        dropped.onAcknowledged();
        dropped.onUnacknowledged(3, "refused");

        assertEquals(4, dropped.total());
        assertEquals(2, dropped.incidents());
    }

    @Test
    void nothingIsCountedWhileExportsSucceed() {
        dropped.onAcknowledged();

        assertEquals(0, dropped.total());
        assertEquals(0, dropped.incidents());
    }
}
