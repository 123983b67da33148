package dev.lambdatrace.tracing.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How spans are queued and, on Lambda Managed Instances, exported in the background, from the OpenTelemetry
 * specification's batch span processor variables: {@code OTEL_BSP_SCHEDULE_DELAY} (milliseconds between exports,
 * default 1000 here, since an idle environment should still deliver within about a second; the specification's is
 * 5000), {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE} (spans per request, 512), {@code OTEL_BSP_MAX_QUEUE_SIZE} (spans that
 * may wait, 2048, in every mode) and {@code OTEL_BSP_EXPORT_TIMEOUT} (milliseconds a background export may take;
 * unset, the flush timeout).
 *
 * @param exportTimeout empty: the flush timeout bounds each background export
 */
public record BackgroundExportSettings(Duration scheduleDelay, int maxExportBatchSize, int maxQueueSize,
        Optional<Duration> exportTimeout) {

    static final String SCHEDULE_DELAY_KEY = "otel.bsp.schedule.delay";
    static final String BATCH_SIZE_KEY = "otel.bsp.max.export.batch.size";
    static final String QUEUE_SIZE_KEY = "otel.bsp.max.queue.size";
    static final String EXPORT_TIMEOUT_KEY = "otel.bsp.export.timeout";
    public static final BackgroundExportSettings DEFAULTS = new BackgroundExportSettings(Duration.ofSeconds(1), 512,
            2048, Optional.empty());

    /**
     * The settings a user made, each checked; a value that is not a positive number, or a batch larger than the queue
     * (as the SDK's batch span processor refuses it), stops startup naming it.
     */
    public static BackgroundExportSettings resolve(ConfigSource config) {
        BackgroundExportSettings settings = new BackgroundExportSettings(
                positive(config, SCHEDULE_DELAY_KEY).map(Duration::ofMillis).orElse(DEFAULTS.scheduleDelay()),
                positive(config, BATCH_SIZE_KEY).map(Math::toIntExact).orElse(DEFAULTS.maxExportBatchSize()),
                positive(config, QUEUE_SIZE_KEY).map(Math::toIntExact).orElse(DEFAULTS.maxQueueSize()),
                positive(config, EXPORT_TIMEOUT_KEY).map(Duration::ofMillis));
        if (settings.maxExportBatchSize() > settings.maxQueueSize()) {
            throw new IllegalArgumentException(ConfigSource.describe(BATCH_SIZE_KEY) + " is "
                    + settings.maxExportBatchSize() + ", more than " + ConfigSource.describe(QUEUE_SIZE_KEY) + " ("
                    + settings.maxQueueSize() + "): a batch could never fill. Lower the one or raise the other.");
        }
        return settings;
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
