package dev.lambdatrace.tracing.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How the background export of Lambda Managed Instances batches spans, from the OpenTelemetry specification's batch
 * span processor variables: {@code OTEL_BSP_SCHEDULE_DELAY} (milliseconds between exports, default 1000 here, since
 * an idle environment should still deliver within about a second; the specification's is 5000) and
 * {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE} (spans per request, default 512 as the specification's).
 */
public record BackgroundExportSettings(Duration scheduleDelay, int maxExportBatchSize) {

    static final String SCHEDULE_DELAY_KEY = "otel.bsp.schedule.delay";
    static final String BATCH_SIZE_KEY = "otel.bsp.max.export.batch.size";
    public static final BackgroundExportSettings DEFAULTS = new BackgroundExportSettings(Duration.ofSeconds(1), 512);

    /** The settings a user made, each checked; a value that is not a positive number stops startup naming it. */
    public static BackgroundExportSettings resolve(ConfigSource config) {
        return new BackgroundExportSettings(
                positive(config, SCHEDULE_DELAY_KEY).map(Duration::ofMillis).orElse(DEFAULTS.scheduleDelay()),
                positive(config, BATCH_SIZE_KEY).map(Math::toIntExact).orElse(DEFAULTS.maxExportBatchSize()));
    }

    private static Optional<Long> positive(ConfigSource config, String key) {
        Optional<String> value = config.explicit(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long number = Long.parseLong(value.get().trim());
            if (number > 0 && number <= Integer.MAX_VALUE) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(ConfigSource.describe(key) + " must be a positive whole number, not '"
                + value.get() + "'");
    }
}
