package dev.lambdatrace.lab.contestants;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.tools.ProjectTools;

/**
 * The original test's own subject: its empty Python handler ({@code deploy/seed/handler.py}, the file the SAM stack
 * deploys) under AWS's Python runtime client ({@code awslambdaric}), started through {@code src/lab/seed/
 * otel-instrument.sh}, the lab's stand-in for the ADOT Python layer's {@code /opt/otel-instrument}. It runs under the
 * lab's own Runtime API endpoint, frozen as every contestant is.
 */
public final class SeedContestant extends Contestant {

    /** The launcher's {@code SEED_MODE}s; src/lab/seed/README.md says what each one sets. */
    public enum Mode {
        /**
         * The 2020 layer: the OTel SDK exporting OTLP/HTTP to the collector layer, a blocking {@code force_flush}
         * after each invocation. Application Signals off, since the original predates it: the launcher sets
         * {@code OTEL_AWS_APPLICATION_SIGNALS_ENABLED=false} and {@code ..._RUNTIME_ENABLED=false}, and the traces
         * endpoint, without which the distro would send over UDP.
         */
        ADOT("seed-adot", SpanRoute.OTLP_TO_COLLECTOR, "the original test's subject: Python with ADOT as the 2020 "
                + "layer ran it (Application Signals off), OTLP/HTTP to the collector, force_flush after each "
                + "invocation"),
        /** The same handler under the same runtime client, nothing of OpenTelemetry imported. */
        BASELINE("seed-baseline", SpanRoute.NONE, "the original test's baseline: the same Python handler under the "
                + "same runtime client, no ADOT"),
        /** ADOT Python's default today: Application Signals on, OTLP over UDP to the X-Ray daemon, no collector. */
        ADOT_UDP("seed-adot-udp", SpanRoute.UDP_TO_XRAY_DAEMON, "ADOT Python's default today: Application Signals "
                + "on, OTLP over UDP to the X-Ray daemon stand-in, no collector");

        final String contestant;
        final SpanRoute route;
        final String description;

        Mode(String contestant, SpanRoute route, String description) {
            this.contestant = contestant;
            this.route = route;
            this.description = description;
        }
    }

    // The handler the SAM stack deploys, so that the lab and AWS run the very same two lines.
    static final String HANDLER = "handler.handler";

    private final Mode mode;

    public SeedContestant(Mode mode) {
        super(mode.contestant);
        this.mode = mode;
    }

    @Override
    public String description() {
        return mode.description;
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        // Never skipped: prepare() installs the Python environment, or fails the run saying why.
        return Optional.empty();
    }

    @Override
    public void prepare(LabPaths paths) {
        SeedVenv.python(paths);
    }

    @Override
    public List<String> command(LabPaths paths) {
        return List.of("bash", SeedVenv.seedDirectory().resolve("otel-instrument.sh").toString(),
                SeedVenv.python(paths).toString(), "-m", "awslambdaric", HANDLER);
    }

    @Override
    public boolean traced() {
        return mode != Mode.BASELINE;
    }

    @Override
    public SpanRoute route() {
        return mode.route;
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SEED_MODE", mode.contestant);
        // The launcher puts src/lab/seed (the wrapper) first; the handler comes from deploy/seed.
        environment.put("PYTHONPATH", ProjectTools.repositoryRoot().resolve("deploy/seed").toString());
        // Lambda's task directory is read-only: no bytecode is written beside the handler there, nor here, where
        // deploy/seed must hold the handler alone (SAM zips the whole directory).
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        switch (mode) {
            case ADOT -> environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress);
            case ADOT_UDP -> environment.put("AWS_XRAY_DAEMON_ADDRESS", sinkAddress);
            case BASELINE -> {
            }
        }
        return environment;
    }
}
