package dev.lambdatrace.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.lambdatrace.lab.run.CollectorMode;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * The original test held up against this run, in one table: its three conclusions (memory, CPU, duration per
 * invocation, each traced against its own baseline) as the write-up gave them on AWS; as this run measured the
 * original's own subject, {@code seed-adot} against {@code seed-baseline}; and as it measured this project's traced
 * modes against {@code native-baseline}. Init and the first invocation beside them. Then the targets that compare
 * the two, printed and never asserted.
 */
final class OriginalAgainstOurs {

    /** A traced contestant and the baseline that isolates its tracing, with a short label for the column. */
    record Pair(String baseline, String traced) {

        String label() {
            return "`" + traced + "` − `" + baseline + "`";
        }
    }

    static final Pair SEED = new Pair("seed-baseline", "seed-adot");
    static final Pair SEED_TODAY = new Pair("seed-baseline", "seed-adot-udp");
    // This project's traced modes: the native product where it ran, otherwise the JVM jar.
    static final List<Pair> NATIVE = List.of(new Pair("native-baseline", "native-traced"),
            new Pair("native-baseline", "native-traced-after"), new Pair("native-baseline", "native-traced-udp"));
    static final List<Pair> JVM = List.of(new Pair("baseline", "traced"), new Pair("baseline", "traced-after"),
            new Pair("baseline", "traced-udp"));
    // The target's band for seed-adot's duration delta around the original's +10 ms, with X-Ray answering in 10 ms.
    static final double SEED_LOW_MS = 8;
    static final double SEED_HIGH_MS = 14;

    static String markdown(LabResults results) {
        List<Pair> columns = new ArrayList<>();
        columns.add(SEED);
        if (results.contestant(SEED_TODAY.traced()).isPresent()) {
            columns.add(SEED_TODAY);
        }
        columns.addAll(ours(results));
        StringBuilder md = new StringBuilder("\n## The original test against this run\n\n");
        md.append("Each figure is traced against its own baseline. ");
        md.append(subjectRan(results) ? "" : "The original's subject (`seed-adot`, `seed-baseline`) did not run: "
                + "add it with `-Dlab.contestants=...,seed-adot,seed-baseline`. ");
        md.append("Memory and CPU are the sandbox's: the function plus the collector layer where one runs in it.\n\n");
        md.append("| | the original write-up, on AWS |");
        columns.forEach(pair -> md.append(' ').append(pair.label()).append(", this run |"));
        md.append("\n|---|---:|");
        columns.forEach(pair -> md.append("---:|"));
        md.append('\n');
        row(md, results, columns, "memory: sandbox peak", String.format(Locale.ROOT, "+%.0f MB (185 against 110)",
                LabReport.ADOT_MEMORY_MB), OriginalAgainstOurs::memory);
        row(md, results, columns, "CPU per invocation: sandbox", String.format(Locale.ROOT, "+%.1f%%",
                LabReport.ADOT_CPU_PERCENT), OriginalAgainstOurs::cpu);
        row(md, results, columns, "duration per invocation, p50: response (what the caller waits for)",
                String.format(Locale.ROOT, "+%.0f ms", LabReport.ADOT_DURATION_MS),
                (base, traced) -> ms(traced.duration().p50() - base.duration().p50()));
        row(md, results, columns, "duration per invocation, p50: done (Lambda's Duration, billed)",
                String.format(Locale.ROOT, "+%.0f ms (the flush ran before the response)", LabReport.ADOT_DURATION_MS),
                (base, traced) -> ms(traced.done().p50() - base.done().p50()));
        row(md, results, columns, "init", "not reported", (base, traced) -> ms(traced.initMs() - base.initMs())
                + String.format(Locale.ROOT, " (%.0f against %.0f)", traced.initMs(), base.initMs()));
        row(md, results, columns, "first invocation", "not reported",
                (base, traced) -> ms(traced.firstInvocationMs() - base.firstInvocationMs())
                        + String.format(Locale.ROOT, " (%.1f against %.1f)", traced.firstInvocationMs(),
                                base.firstInvocationMs()));
        md.append(notes(results));
        return md.toString();
    }

    private static String notes(LabResults results) {
        LabSettings settings = results.settings();
        StringBuilder md = new StringBuilder("\n");
        md.append("- **The original** ran two Python 3.8 functions of 512 MB on AWS with Lambda Insights; ")
                .append("this machine's Python is ").append(results.versions().getOrDefault("python", "3.11"))
                .append(" (`src/lab/seed`: ADOT Python's PyPI packages, `aws-opentelemetry-distro` ")
                .append(results.versions().getOrDefault("aws-opentelemetry-distro", "?"))
                .append(", under `awslambdaric`, the handler `deploy/seed/handler.py`).\n");
        md.append("- **`seed-adot` is the 2020 layer:** Application Signals off "
                + "(`OTEL_AWS_APPLICATION_SIGNALS_ENABLED=false`, `OTEL_AWS_APPLICATION_SIGNALS_RUNTIME_ENABLED=false`) "
                + "and OTLP/HTTP protobuf to the collector (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), since the "
                + "original predates both Application Signals and the UDP exporter; the AWS distro and configurator "
                + "pinned, metrics and logs exporters `none`, one SERVER span and a blocking `force_flush` per "
                + "invocation. `seed-adot-udp` is ADOT Python's default today: Application Signals on, OTLP over "
                + "UDP to the X-Ray daemon, no collector.\n");
        md.append("- **Memory:** the write-up's 185 against 110 MB is Lambda Insights' memory, the sandbox's cgroup, "
                + "page cache included (the layer's files; RSS grew by less than 20 MB there). Here it is the sum "
                + "of each process's peak RSS, without page cache.\n");
        Optional<Double> seed = delta(results, SEED, result -> result.duration().p50());
        Optional<Double> ours = delta(results, ours(results).get(0), result -> result.duration().p50());
        if (settings.collector() == CollectorMode.OTELCOL && seed.isPresent() && ours.isPresent()) {
            double xray = settings.xrayDelay().toNanos() / 1e6;
            md.append(String.format(Locale.ROOT, "- **Duration:** of `seed-adot`'s %+.2f ms, %.0f ms is the fake "
                    + "X-Ray's answer, which the flush waits for through the collector. `%s` waits for the same "
                    + "collector and X-Ray and pays %+.2f ms, so about %.1f ms is the collector's path and this "
                    + "project's span, and about %.1f ms more is ADOT Python's own work (span, protobuf, HTTP "
                    + "client).%n", seed.get(), xray, ours(results).get(0).traced(), ours.get(), ours.get() - xray,
                    seed.get() - ours.get()));
        }
        if (settings.collector() != CollectorMode.OTELCOL) {
            md.append("- **Duration:** the original's +10 ms was its flush waiting for the collector, which "
                    + "exported to X-Ray before it answered; only `-Dlab.collector=otelcol` reproduces that wait "
                    + "(this run: `").append(settings.collector().label()).append("`).\n");
        }
        return md.toString();
    }

    static String targets(LabResults results) {
        List<String> lines = new ArrayList<>();
        LabSettings settings = results.settings();
        Optional<Double> seedResponse = delta(results, SEED, result -> result.duration().p50());
        Optional<Double> seedMemory = delta(results, SEED, ContestantResult::sandboxPeakMb);
        if (settings.collector() != CollectorMode.OTELCOL) {
            lines.add("- not checked: the original's +10 ms, the 50× and the 10×: they need -Dlab.collector=otelcol "
                    + "(this run: " + settings.collector().label() + ")");
        } else if (seedResponse.isEmpty()) {
            lines.add("- not checked: the original's +10 ms, the 50× and the 10×: seed-adot and seed-baseline did "
                    + "not both run");
        } else {
            double delay = settings.xrayDelay().toNanos() / 1e6;
            if (settings.xrayDelay().equals(LabSettings.DEFAULT_XRAY_DELAY)) {
                lines.add(LabTargets.check(seedResponse.get() >= SEED_LOW_MS && seedResponse.get() <= SEED_HIGH_MS,
                        LabTargets.format("seed-adot − seed-baseline response at p50 between %.0f and %.0f ms, the "
                                + "original's +10 ms (X-Ray answering after %.0f ms): %+.2f ms", SEED_LOW_MS,
                                SEED_HIGH_MS, delay, seedResponse.get())));
            } else {
                lines.add(LabTargets.format("- not checked: seed-adot − seed-baseline between %.0f and %.0f ms is the "
                        + "target for X-Ray answering after 10 ms (this run: %.0f ms): %+.2f ms", SEED_LOW_MS,
                        SEED_HIGH_MS, delay, seedResponse.get()));
            }
            // The modes whose caller waits for nothing: after-response and UDP, not the flush before the response.
            for (Pair pair : ours(results).subList(1, 3)) {
                delta(results, pair, result -> result.duration().p50()).ifPresent(ours -> lines.add(
                        atLeastTimesBetter(pair.traced() + " response delta at p50", seedResponse.get(), ours, 50,
                                "ms")));
            }
            for (Pair pair : ours(results)) {
                delta(results, pair, ContestantResult::sandboxPeakMb).ifPresent(ours -> lines.add(
                        atLeastTimesBetter(pair.traced() + " sandbox memory delta", seedMemory.orElseThrow(), ours,
                                10, "MB")));
            }
        }
        for (ContestantResult result : results.contestants()) {
            if (result.ran() && result.traced()) {
                lines.add(LabTargets.check(result.spansLost() == 0, LabTargets.format("%s: 0 spans lost: %d lost, "
                        + "%d late, of %d", result.name(), result.spansLost(), result.spansLate(),
                        result.invocations())));
            }
        }
        Optional<ContestantResult> udp = results.contestant("native-traced-udp");
        Optional<ContestantResult> base = results.contestant("native-baseline");
        if (udp.isPresent() && base.isPresent()) {
            double delta = udp.get().sandboxPeakMb() - base.get().sandboxPeakMb();
            lines.add(LabTargets.check(Math.abs(delta) <= 3, LabTargets.format("native-traced-udp sandbox peak "
                    + "memory within 3 MB of native-baseline's: %.1f against %.1f MB (%+.1f)",
                    udp.get().sandboxPeakMb(), base.get().sandboxPeakMb(), delta)));
        }
        return "\n## Targets (the original against ours)\n\n" + String.join("\n", lines) + "\n";
    }

    /** "Ours is at least {@code times} better": the original's delta over ours. */
    static String atLeastTimesBetter(String figure, double original, double ours, double times, String unit) {
        if (original <= 0) {
            return "- not checked: " + figure + " at least " + (int) times + "× smaller than the original's: the "
                    + "original's delta was not positive here (" + String.format(Locale.ROOT, "%+.2f", original)
                    + " " + unit + ")";
        }
        if (ours <= 0) {
            return LabTargets.check(true, LabTargets.format("%s at least %.0f× smaller than the original's: "
                    + "%+.3f %s, nothing measurable, against %+.2f %s", figure, times, ours, unit, original, unit));
        }
        double ratio = original / ours;
        return LabTargets.check(ratio >= times, LabTargets.format("%s at least %.0f× smaller than the original's: "
                + "%+.3f against %+.2f %s, %.0f×", figure, times, ours, original, unit, ratio));
    }

    private static boolean subjectRan(LabResults results) {
        return results.contestant(SEED.baseline()).isPresent() && results.contestant(SEED.traced()).isPresent();
    }

    private static List<Pair> ours(LabResults results) {
        return results.contestant("native-baseline").isPresent() ? NATIVE : JVM;
    }

    private static Optional<Double> delta(LabResults results, Pair pair, ToDoubleFunction<ContestantResult> figure) {
        Optional<ContestantResult> base = results.contestant(pair.baseline());
        Optional<ContestantResult> traced = results.contestant(pair.traced());
        if (base.isEmpty() || traced.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(figure.applyAsDouble(traced.get()) - figure.applyAsDouble(base.get()));
    }

    private interface Cell {
        String of(ContestantResult baseline, ContestantResult traced);
    }

    private static void row(StringBuilder md, LabResults results, List<Pair> columns, String figure, String original,
            Cell cell) {
        md.append("| ").append(figure).append(" | ").append(original).append(" |");
        for (Pair pair : columns) {
            Optional<ContestantResult> base = results.contestant(pair.baseline());
            Optional<ContestantResult> traced = results.contestant(pair.traced());
            md.append(' ').append(base.isPresent() && traced.isPresent() ? cell.of(base.get(), traced.get())
                    : "did not run").append(" |");
        }
        md.append('\n');
    }

    private static String memory(ContestantResult base, ContestantResult traced) {
        return String.format(Locale.ROOT, "%+.1f MB (%.1f against %.1f)", traced.sandboxPeakMb() - base.sandboxPeakMb(),
                traced.sandboxPeakMb(), base.sandboxPeakMb());
    }

    private static String cpu(ContestantResult base, ContestantResult traced) {
        double percent = (traced.sandboxCpuMsPerInvocation() / base.sandboxCpuMsPerInvocation() - 1) * 100;
        return String.format(Locale.ROOT, "%+.0f%% (%+.3f ms)", percent,
                traced.sandboxCpuMsPerInvocation() - base.sandboxCpuMsPerInvocation());
    }

    private static String ms(double delta) {
        return String.format(Locale.ROOT, "%+.2f ms", delta);
    }

    private OriginalAgainstOurs() {
    }
}
