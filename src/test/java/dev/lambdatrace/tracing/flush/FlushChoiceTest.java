package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lambdatrace.tracing.export.RecordingFlusher;

class FlushChoiceTest {

    final RecordingFlusher recording = new RecordingFlusher();

    @ParameterizedTest
    @CsvSource({
            "after-response, otlp, false, true",
            "AFTER_RESPONSE, OTLP, false, true",
            " after_response , otlp, false, true",
            "before-response, otlp, false, false",
            "after-response, xray-udp, false, false",
            "after-response, logging, false, false",
            "after-response, otlp, true, false"
    })
    void afterResponseOnlyWhenAskedForOverAnAcknowledgingExporterWithTheSdkOn(String flush, String exporter,
            boolean sdkDisabled, boolean wanted) {
        assertTrue(FlushChoice.afterResponseWanted(flush, exporter, sdkDisabled) == wanted);
    }

    @Test
    void beforeResponseIsChosenWithoutEverTryingToRegisterWhenAfterResponseIsNotWanted() {
        InvocationFlush chosen = FlushChoice.choose(false, () -> fail("must not register"), recording.flusher());

        assertInstanceOf(BeforeResponseFlush.class, chosen);
    }

    /** The decision is the registration's own outcome: no flag set elsewhere, so no order of startup can split them. */
    @Test
    void registrationThatFailsMeansBeforeResponseInTheSameStep() {
        InvocationFlush chosen = FlushChoice.choose(true, () -> null, recording.flusher());

        assertInstanceOf(BeforeResponseFlush.class, chosen);
        assertFalse(chosen instanceof AfterResponseFlush);
    }
}
