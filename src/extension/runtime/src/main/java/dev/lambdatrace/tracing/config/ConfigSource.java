package dev.lambdatrace.tracing.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Where settings are looked up by their property name ({@code otel.exporter.otlp.endpoint}); the environment form
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}) answers too, as MicroProfile Config maps it.
 */
@FunctionalInterface
public interface ConfigSource {

    /** The value set for {@code key}, or empty when nobody set it (a default does not count). */
    Optional<String> explicit(String key);

    /** Only values that a user set: MicroProfile Config's default sources have negative ordinals. */
    static ConfigSource of(Config config) {
        return key -> {
            ConfigValue value = config.getConfigValue(key);
            if (value == null || value.getValue() == null || value.getSourceOrdinal() <= 0) {
                return Optional.empty();
            }
            return Optional.of(value.getValue()).filter(v -> !v.isBlank());
        };
    }

    static ConfigSource of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /** How a user writes {@code key} as an environment variable, for error messages. */
    static String variableOf(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT (otel.exporter.otlp.endpoint)}: both names a user may have used. */
    static String describe(String key) {
        return variableOf(key) + " (" + key + ")";
    }
}
