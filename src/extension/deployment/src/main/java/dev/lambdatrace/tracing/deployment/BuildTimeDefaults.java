package dev.lambdatrace.tracing.deployment;

import dev.lambdatrace.tracing.config.OtelDefaults;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * {@link OtelDefaults} for the build, which reads Quarkus' build-time settings before any build step runs;
 * {@link LambdaTracingProcessor} registers the same for run time, and refuses an override that would send every span
 * twice.
 */
public class BuildTimeDefaults implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        new OtelDefaults().configBuilder(builder);
    }
}
