package dev.lambdatrace.tracing.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * How the function logs on Lambda. Each line carries the invocation's ids: the default console format prints them
 * (an application's own {@code quarkus.log.console.format} wins). And Lambda's advanced logging controls are honoured
 * as a custom runtime must honour them itself: {@code AWS_LAMBDA_LOG_FORMAT=JSON} (always so on Lambda Managed
 * Instances) writes one JSON object a line, with the ids as fields; {@code AWS_LAMBDA_LOG_LEVEL} sets the level. The
 * controls win over {@code application.properties}, since they are the function's deployed settings, and lose to
 * Quarkus' own variables ({@code QUARKUS_LOG_LEVEL}), which are more specific.
 */
public final class LambdaLogging {

    static final String FORMAT = "AWS_LAMBDA_LOG_FORMAT";
    static final String LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    // Above application.properties (250), below environment variables (300) and system properties (400).
    static final int CONTROLS_ORDINAL = 275;
    // Below application.properties, as a library's microprofile-config.properties; above the defaults of Quarkus'
    // extensions (the Lambda extension sets one of its own).
    static final int DEFAULTS_ORDINAL = 100;
    /** Quarkus' format, with the AWS request id, the trace id and the span id before the message. */
    static final String CONSOLE_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %X{AWSRequestId} "
            + "traceId=%X{traceId} spanId=%X{spanId} %s%e%n";
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

    /** Adds the format and the controls to Quarkus' configuration, at static init (early logging) and at run time. */
    public static final class Builder implements ConfigBuilder {
        @Override
        public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
            return builder.withSources(
                    new PropertiesConfigSource(Map.of("quarkus.log.console.format", CONSOLE_FORMAT),
                            "quarkus-lambda-tracing's log format", DEFAULTS_ORDINAL),
                    new PropertiesConfigSource(settings(System.getenv()), "Lambda's logging controls",
                            CONTROLS_ORDINAL));
        }
    }

    private LambdaLogging() {
    }
}
