package dev.lambdatrace.lab;

import java.util.Map;

import dev.lambdatrace.collector.SpanSink;

/**
 * A contestant that runs this project's own artifact, in one of its {@link TracingRole}s.
 */
abstract class ProjectContestant extends Contestant {

    private final TracingRole role;

    ProjectContestant(String name, TracingRole role) {
        super(name);
        this.role = role;
    }

    /** How the artifact runs: "JVM" or "native". */
    abstract String form();

    @Override
    final String description() {
        return "this project, " + form() + ", " + role.description;
    }

    @Override
    final boolean traced() {
        return role.traced();
    }

    @Override
    final SpanSink createSink(LabSettings settings) {
        return role.createSink(settings);
    }

    @Override
    final Map<String, String> tracingEnvironment(String sinkAddress) {
        return role.environment(sinkAddress);
    }
}
