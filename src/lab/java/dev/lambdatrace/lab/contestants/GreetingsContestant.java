package dev.lambdatrace.lab.contestants;

import java.util.HashMap;
import java.util.Map;

import dev.lambdatrace.downstream.EchoService;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.lab.LabPaths;

/**
 * The integration-test application (src/integration-tests), an application as a user writes one, on the extension,
 * traced or not: each invocation one JAX-RS call that makes one REST client call to a service on loopback, which
 * answers at once, and sends its metrics and logs with its spans.
 */
public final class GreetingsContestant extends ProjectContestant {

    // One for every contestant of the run: started before any is measured, never stopped (the lab's JVM ends).
    private static EchoService downstream;

    public GreetingsContestant(String name, LambdaRuntime runtime, TracingRole role) {
        super(name, runtime, role);
    }

    @Override
    public String description() {
        return "the integration-test application (JAX-RS + a REST client call), " + runtimeName() + ", "
                + role.description;
    }

    @Override
    protected FunctionArtifacts artifacts(LabPaths paths) {
        return paths.integrationTests();
    }

    @Override
    public void prepare(LabPaths paths) {
        synchronized (GreetingsContestant.class) {
            if (downstream == null) {
                downstream = EchoService.start(0);
            }
        }
    }

    @Override
    public String event(String traceHeader) {
        return HttpApiEvents.get("/greeting/lab/remote", traceHeader);
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        Map<String, String> environment = new HashMap<>(role.environment(sinkAddress));
        environment.put("DOWNSTREAM_URL", downstream.url());
        if (route() == SpanRoute.OTLP_TO_COLLECTOR) {
            // Its metrics and log records go where its spans go, as to the collector layer on Lambda: left at
            // Quarkus' default endpoint they would be refused, and each flush would wait out its bound for them.
            String base = sinkAddress.replaceFirst("/v1/traces$", "");
            for (String signal : new String[] { "METRICS", "LOGS" }) {
                environment.put("QUARKUS_OTEL_EXPORTER_OTLP_" + signal + "_ENDPOINT", base);
                environment.put("QUARKUS_OTEL_EXPORTER_OTLP_" + signal + "_PROTOCOL", "http/protobuf");
            }
        }
        return environment;
    }
}
