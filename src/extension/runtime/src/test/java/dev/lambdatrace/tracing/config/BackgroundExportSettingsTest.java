package dev.lambdatrace.tracing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundExportSettingsTest {

    @Test
    void unsetTheExportRunsEverySecondInBatchesOf512FromAQueueOf2048() {
        assertEquals(new BackgroundExportSettings(Duration.ofSeconds(1), 512, 2048, Optional.empty()),
                BackgroundExportSettings.resolve(ConfigSource.of(Map.of())));
    }

    @Test
    void standardBatchProcessorVariablesSetTheIntervalTheBatchTheQueueAndTheExportTimeout() {
        BackgroundExportSettings settings = BackgroundExportSettings.resolve(ConfigSource.of(Map.of(
                "otel.bsp.schedule.delay", "250", "otel.bsp.max.export.batch.size", " 64 ",
                "otel.bsp.max.queue.size", "100", "otel.bsp.export.timeout", "700")));

        assertEquals(new BackgroundExportSettings(Duration.ofMillis(250), 64, 100,
                Optional.of(Duration.ofMillis(700))), settings);
    }

    /** As the SDK's batch span processor refuses it: the "batch full" signal would never fire. */
    @Test
    void batchLargerThanTheQueueStopsStartupNamingBothVariables() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BackgroundExportSettings
                .resolve(ConfigSource.of(Map.of("otel.bsp.max.export.batch.size", "4096"))));

        assertTrue(error.getMessage().contains("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"), error.getMessage());
        assertTrue(error.getMessage().contains("OTEL_BSP_MAX_QUEUE_SIZE"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1s", "99999999999"})
    void valueThatIsNotAPositiveNumberStopsStartupNamingTheVariable(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BackgroundExportSettings
                .resolve(ConfigSource.of(Map.of("otel.bsp.schedule.delay", value))));

        assertTrue(error.getMessage().startsWith("OTEL_BSP_SCHEDULE_DELAY (otel.bsp.schedule.delay)"),
                error.getMessage());
    }
}
