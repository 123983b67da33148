package dev.lambdatrace.tracing.deployment;

import java.util.List;
import java.util.Set;

import dev.lambdatrace.runtime.InvocationsInFlight;
import dev.lambdatrace.runtime.ManagedInstancesWorkers;
import dev.lambdatrace.tracing.InvocationTracer;
import dev.lambdatrace.tracing.RootSpanExceptionHandler;
import dev.lambdatrace.tracing.RouteSpanHandler;
import dev.lambdatrace.tracing.TracingHandlerDecorator;
import dev.lambdatrace.tracing.attributes.FunctionResource;
import dev.lambdatrace.tracing.config.OtelDefaults;
import dev.lambdatrace.tracing.export.DroppedSpans;
import dev.lambdatrace.tracing.export.ExportTargets;
import dev.lambdatrace.tracing.export.InvocationSpanProcessor;
import dev.lambdatrace.tracing.export.SpanFlusher;
import dev.lambdatrace.tracing.flush.FlushChoice;
import dev.lambdatrace.tracing.flush.ShutdownFlush;
import dev.lambdatrace.tracing.logging.LambdaLogging;
import dev.lambdatrace.tracing.logging.QuietShutdown;
import dev.lambdatrace.tracing.signals.CountedExports;
import dev.lambdatrace.tracing.signals.MetricsAndLogs;
import dev.lambdatrace.tracing.xray.XrayIdGenerator;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.builditem.StaticInitConfigBuilderBuildItem;
import io.quarkus.opentelemetry.runtime.config.build.OTelBuildConfig;
import io.quarkus.opentelemetry.runtime.tracing.instrumentation.restclient.OpenTelemetryClientFilter;
import io.quarkus.resteasy.reactive.server.spi.PreExceptionMapperHandlerBuildItem;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The extension's build steps: its feature, its beans, the defaults an application may override, its part in Quarkus
 * REST and the REST client.
 */
class LambdaTracingProcessor {

    static final String FEATURE = "lambda-tracing";

    /**
     * Each invocation's lines carry its ids. Quarkus' own format, with the AWS request id, the trace id and the span
     * id added before the message.
     */
    static final String CONSOLE_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %X{AWSRequestId} "
            + "traceId=%X{traceId} spanId=%X{spanId} %s%e%n";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(TracingHandlerDecorator.class, InvocationTracer.class, RouteSpanHandler.class,
                        InvocationSpanProcessor.class, SpanFlusher.class, DroppedSpans.class, ExportTargets.class,
                        FunctionResource.class, XrayIdGenerator.class, FlushChoice.class,
                        ManagedInstancesWorkers.class, InvocationsInFlight.class, ShutdownFlush.class,
                        MetricsAndLogs.class, CountedExports.class, QuietShutdown.class)
                .setUnremovable()
                .build();
    }

    /** Defaults of run-time settings; the application's own values win. */
    @BuildStep
    void runTimeDefaults(LaunchModeBuildItem launchMode,
            BuildProducer<RunTimeConfigurationDefaultBuildItem> defaults) {
        // The root span is the extension's; Quarkus' HTTP server span would be a second, unparented root per
        // invocation that can end after the response, too late for the flush.
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.otel.instrument.vertx-http", "false"));
        // With metrics on, Quarkus' JVM metrics stream JFR events: measured in the lab, 14.5 MB more peak memory in
        // each sandbox and 6 ms more on the first invocation, for figures Lambda reports itself (Max Memory Used,
        // Lambda Insights). The application can turn them back on.
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.otel.instrument.jvm-metrics", "false"));
        // X-Ray names the function's segment and its service-map node after service.name: the function's name, as
        // the ADOT and OpenTelemetry layers set it, so that each function of a stack is a node of its own.
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.otel.service.name",
                "${AWS_LAMBDA_FUNCTION_NAME:${quarkus.application.name:unset}}"));
        // Plain lines unless Lambda asks for JSON (AWS_LAMBDA_LOG_FORMAT, see LambdaLogging).
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.log.console.json.enabled", "false"));
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.log.console.format", CONSOLE_FORMAT));
        if (launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT) {
            // No collector runs in dev mode: spans are printed.
            defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.lambda-tracing.exporter", "logging"));
        }
    }

    /**
     * Lambda's advanced logging controls, which a custom runtime honours itself; and the build's OpenTelemetry
     * defaults again, which Quarkus compares with the build's values at every start.
     */
    @BuildStep
    void runTimeConfig(BuildProducer<StaticInitConfigBuilderBuildItem> staticInit,
            BuildProducer<RunTimeConfigBuilderBuildItem> runTime) {
        for (Class<?> builder : List.of(LambdaLogging.Builder.class, OtelDefaults.class)) {
            staticInit.produce(new StaticInitConfigBuilderBuildItem(builder));
            runTime.produce(new RunTimeConfigBuilderBuildItem(builder));
        }
    }

    /** An exporter besides the extension's would send every span a second time, after the freeze. */
    @BuildStep
    void refuseASecondSpanExporter(OTelBuildConfig otel, BuildProducer<ValidationErrorBuildItem> errors) {
        List<String> exporters = otel.traces().exporter();
        if (!exporters.equals(List.of("none"))) {
            errors.produce(new ValidationErrorBuildItem(new ConfigurationException("quarkus.otel.traces.exporter is " + String.join(",", exporters)
                    + ", but quarkus-lambda-tracing exports each invocation's spans itself, before Lambda freezes "
                    + "the sandbox: a second exporter would send every span again, from a thread Lambda freezes. "
                    + "Remove the setting (the extension sets it to none); say where spans go with "
                    + "quarkus.otel.exporter.otlp.traces.endpoint or quarkus.lambda-tracing.exporter.",
                    Set.of("quarkus.otel.traces.exporter"))));
        }
    }

    /**
     * Outgoing REST client calls get a CLIENT span under the invocation's and carry its context. Quarkus registers its
     * filter for the classic client only and traces the reactive one through the Vert.x HTTP tracer, which comes with
     * the server spans the extension switches off; the filter reads the reactive client's request context as well.
     */
    @BuildStep
    void restClientSpans(Capabilities capabilities, OTelBuildConfig otel,
            BuildProducer<AdditionalIndexedClassesBuildItem> indexed, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.REST_CLIENT_REACTIVE) && otel.instrument().resteasyClient()) {
            indexed.produce(new AdditionalIndexedClassesBuildItem(OpenTelemetryClientFilter.class.getName()));
            beans.produce(new AdditionalBeanBuildItem(OpenTelemetryClientFilter.class));
        }
    }

    /** An exception that an ExceptionMapper turns into a response still marks the invocation's root span failed. */
    @BuildStep
    void restExceptions(Capabilities capabilities, BuildProducer<PreExceptionMapperHandlerBuildItem> handlers) {
        if (capabilities.isPresent(Capability.RESTEASY_REACTIVE)) {
            handlers.produce(new PreExceptionMapperHandlerBuildItem(new RootSpanExceptionHandler()));
        }
    }
}
