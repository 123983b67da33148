package dev.lambdatrace.lab.contestants;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.downstream.EchoService;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.lab.LabPaths;

/**
 * The integration-test application (src/integration-tests), an application as a user writes one, with the extension
 * traced or not (the same artifact with the SDK off, as the sample's baseline): each invocation one JAX-RS call that
 * makes one REST client call to a service on loopback, which answers at once.
 */
public final class GreetingsContestant extends Contestant {

    // One for every contestant of the run: started before any is measured, never stopped (the lab's JVM ends).
    private static EchoService downstream;

    private final LambdaRuntime runtime;
    private final TracingRole role;

    public GreetingsContestant(String name, LambdaRuntime runtime, TracingRole role) {
        super(name);
        this.runtime = runtime;
        this.role = role;
    }

    @Override
    public String description() {
        return "the integration-test application (JAX-RS + a REST client call), "
                + (runtime == LambdaRuntime.JAVA ? "JVM" : "native") + ", " + role.description;
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        return runtime.unavailableReason(paths.integrationTests());
    }

    @Override
    public List<String> command(LabPaths paths) {
        return runtime.command(paths.integrationTests(), System.getProperty(
                runtime == LambdaRuntime.JAVA ? "lab.jvm-options" : "lab.native-options", ""));
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
    public boolean traced() {
        return role.traced();
    }

    @Override
    public SpanRoute route() {
        return role.route();
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        Map<String, String> environment = new HashMap<>(role.environment(sinkAddress));
        environment.put("DOWNSTREAM_URL", downstream.url());
        // Its metrics and logs go nowhere in the lab: only spans are measured, as for the sample.
        environment.put("QUARKUS_OTEL_SDK_DISABLED", String.valueOf(!role.traced()));
        return environment;
    }
}
