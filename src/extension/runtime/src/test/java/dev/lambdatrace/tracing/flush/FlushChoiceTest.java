package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lambdatrace.runtime.ExecutionEnvironment;
import dev.lambdatrace.tracing.config.LambdaTracingConfig.Exporter;
import dev.lambdatrace.tracing.config.LambdaTracingConfig.Flush;
import dev.lambdatrace.tracing.export.RecordingFlusher;

class FlushChoiceTest {

    static final ExecutionEnvironment MANAGED_INSTANCES = new ExecutionEnvironment(true, 4);

    final RecordingFlusher recording = new RecordingFlusher();

    /** Every combination that runs as set, with no WARN line. */
    @ParameterizedTest
    @CsvSource(nullValues = "unset", value = {
            // asked,          exporter, managed instances, what runs
            "unset,            OTLP,     false, BEFORE_RESPONSE",
            "BEFORE_RESPONSE,  OTLP,     false, BEFORE_RESPONSE",
            "AFTER_RESPONSE,   OTLP,     false, AFTER_RESPONSE",
            "BEFORE_RESPONSE,  XRAY_UDP, false, BEFORE_RESPONSE",
            "unset,            XRAY_UDP, false, BEFORE_RESPONSE",
            "unset,            OTLP,     true,  BACKGROUND",
            "unset,            XRAY_UDP, true,  BACKGROUND",
            "BACKGROUND,       OTLP,     true,  BACKGROUND",
            "BEFORE_RESPONSE,  OTLP,     true,  BEFORE_RESPONSE"
    })
    void settingThatCanHoldRunsAsSetAndTheDefaultFollowsThePlatform(Flush asked, Exporter exporter, boolean managed,
            Flush runs) {
        FlushChoice.Decision decision = FlushChoice.decide(Optional.ofNullable(asked), exporter, false,
                managed ? MANAGED_INSTANCES : ExecutionEnvironment.CLASSIC);

        assertEquals(runs, decision.mode());
        assertNull(decision.substitution());
    }

    @ParameterizedTest
    @CsvSource({
            "AFTER_RESPONSE, XRAY_UDP, false, BEFORE_RESPONSE, QUARKUS_LAMBDA_TRACING_EXPORTER=xray-udp",
            "AFTER_RESPONSE, LOGGING,  false, BEFORE_RESPONSE, QUARKUS_LAMBDA_TRACING_EXPORTER=logging",
            "AFTER_RESPONSE, OTLP,     true,  BACKGROUND,      Lambda Managed Instances"
    })
    void settingThatCannotHoldIsReplacedWithOneLineNamingTheVariable(Flush asked, Exporter exporter, boolean managed,
            Flush runs, String reason) {
        FlushChoice.Decision decision = FlushChoice.decide(Optional.of(asked), exporter, false,
                managed ? MANAGED_INSTANCES : ExecutionEnvironment.CLASSIC);

        assertEquals(runs, decision.mode());
        assertTrue(decision.substitution().startsWith("QUARKUS_LAMBDA_TRACING_FLUSH=after-response (quarkus.lambda-tracing.flush)"),
                decision.substitution());
        assertTrue(decision.substitution().contains(reason), decision.substitution());
    }

    @Test
    void flushSetWhileTheSdkIsDisabledIsSaidToHaveNoEffect() {
        FlushChoice.Decision decision = FlushChoice.decide(Optional.of(Flush.AFTER_RESPONSE), Exporter.OTLP, true,
                ExecutionEnvironment.CLASSIC);

        assertTrue(decision.substitution().contains("OTEL_SDK_DISABLED"), decision.substitution());
        assertNull(FlushChoice.decide(Optional.empty(), Exporter.OTLP, true, ExecutionEnvironment.CLASSIC)
                .substitution(), "the baseline role's defaults say nothing");
    }

    @Test
    void backgroundOnClassicLambdaStopsTheFunctionAtStartNamingTheVariable() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FlushChoice.decide(
                Optional.of(Flush.BACKGROUND), Exporter.OTLP, false, ExecutionEnvironment.CLASSIC));

        assertTrue(error.getMessage().startsWith("QUARKUS_LAMBDA_TRACING_FLUSH=background (quarkus.lambda-tracing.flush) needs Lambda Managed "
                + "Instances"), error.getMessage());
    }

    /** The decision is the registration's own outcome: no flag set elsewhere, so no order of startup can split them. */
    @Test
    void afterResponseWhoseRegistrationFailedIsBeforeResponseInTheSameStep() {
        InvocationFlush chosen = FlushChoice.afterResponse(null, recording.flusher());

        assertInstanceOf(BeforeResponseFlush.class, chosen);
    }
}
