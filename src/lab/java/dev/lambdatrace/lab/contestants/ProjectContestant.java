package dev.lambdatrace.lab.contestants;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.lab.FreshExecutable;
import dev.lambdatrace.lab.LabPaths;

/**
 * This project's own artifact on one Lambda runtime, in one of its {@link TracingRole}s.
 */
public class ProjectContestant extends Contestant {

    protected final LambdaRuntime runtime;
    protected final TracingRole role;

    public ProjectContestant(String name, LambdaRuntime runtime, TracingRole role) {
        super(name);
        this.runtime = runtime;
        this.role = role;
    }

    @Override
    public String description() {
        return "this project, " + runtimeName() + ", " + role.description;
    }

    /** The build this contestant runs: the sample function's. */
    protected FunctionArtifacts artifacts(LabPaths paths) {
        return paths.function();
    }

    protected final String runtimeName() {
        return runtime == LambdaRuntime.JAVA ? "JVM" : "native";
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        return runtime.unavailableReason(artifacts(paths));
    }

    @Override
    public List<String> command(LabPaths paths) {
        // For experiments with runtime options, e.g. -Dlab.native-options=-Xmn8m or -Dlab.jvm-options=...
        if (runtime == LambdaRuntime.JAVA) {
            return runtime.command(artifacts(paths), System.getProperty("lab.jvm-options", ""));
        }
        return runtime.command(FreshExecutable.of(artifacts(paths), paths.executableCopies(name())),
                System.getProperty("lab.native-options", ""));
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
        return role.environment(sinkAddress);
    }
}
