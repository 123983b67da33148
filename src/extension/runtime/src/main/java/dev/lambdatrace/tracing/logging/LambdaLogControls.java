package dev.lambdatrace.tracing.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Lambda's advanced logging controls, as a custom runtime must honour them itself: {@code AWS_LAMBDA_LOG_FORMAT=JSON}
 * (always so on Lambda Managed Instances) writes one JSON object a line, with the invocation's ids as fields;
 * {@code AWS_LAMBDA_LOG_LEVEL} sets the level. They win over {@code application.properties}, since they are the
 * function's deployed settings, and lose to Quarkus' own variables ({@code QUARKUS_LOG_LEVEL}), which are more specific.
 */
public final class LambdaLogControls {

    static final String FORMAT = "AWS_LAMBDA_LOG_FORMAT";
    static final String LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    // Above application.properties (250), below environment variables (300) and system properties (400).
    static final int ORDINAL = 275;
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    /** The Quarkus settings that {@code environment}'s logging controls mean; an unknown value means nothing. */
    static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        String format = environment.get(FORMAT);
        if (format != null && format.trim().equalsIgnoreCase("JSON")) {
            settings.put("quarkus.log.console.json.enabled", "true");
        }
        String level = environment.get(LEVEL);
        if (level != null && LEVELS.contains(level.trim().toUpperCase(Locale.ROOT))) {
            settings.put("quarkus.log.level", level.trim().toUpperCase(Locale.ROOT));
        }
        return settings;
    }

    /** Adds the controls to Quarkus' configuration, at static init (early logging) and at run time. */
    public static final class Builder implements ConfigBuilder {
        @Override
        public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
            return builder.withSources(new PropertiesConfigSource(settings(System.getenv()), "Lambda logging controls",
                    ORDINAL));
        }
    }

    private LambdaLogControls() {
    }
}
