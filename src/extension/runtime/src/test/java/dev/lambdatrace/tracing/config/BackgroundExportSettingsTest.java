package dev.lambdatrace.tracing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundExportSettingsTest {

    @Test
    void unsetTheExportRunsEverySecondInBatchesOf512() {
        assertEquals(new BackgroundExportSettings(Duration.ofSeconds(1), 512),
                BackgroundExportSettings.resolve(ConfigSource.of(Map.of())));
    }

    @Test
    void standardBatchProcessorVariablesSetTheIntervalAndTheBatch() {
        BackgroundExportSettings settings = BackgroundExportSettings.resolve(ConfigSource.of(Map.of(
                "otel.bsp.schedule.delay", "250", "otel.bsp.max.export.batch.size", " 64 ")));

        assertEquals(new BackgroundExportSettings(Duration.ofMillis(250), 64), settings);
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
