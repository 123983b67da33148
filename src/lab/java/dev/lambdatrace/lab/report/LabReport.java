package dev.lambdatrace.lab.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.lambdatrace.lab.run.CollectorMode;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * Writes {@code report.md}: the contestants side by side, the original test held up against this run (see
 * {@link OriginalAgainstOurs}), each product's tracing against its own baseline, what stock Quarkus did, and which
 * targets hold.
 */
public final class LabReport {

    // What the original ADOT test measured, for the comparison lines.
    public static final double ADOT_MEMORY_MB = 75;
    public static final double ADOT_CPU_PERCENT = 2.5;
    public static final double ADOT_DURATION_MS = 10;

    /** Each traced contestant and the baseline that isolates its tracing's own cost. */
    public static final List<List<String>> PAIRS = List.of(
            List.of("native-baseline", "native-traced"), List.of("native-baseline", "native-traced-after"),
            List.of("native-baseline", "native-traced-udp"), List.of("baseline", "traced"),
            List.of("baseline", "traced-after"), List.of("baseline", "traced-udp"),
            List.of("baseline", "quarkus-stock"), List.of("upstream-baseline", "upstream"),
            List.of("seed-baseline", "seed-adot"), List.of("seed-baseline", "seed-adot-udp"),
            List.of("greetings-native-baseline", "greetings-native-traced"),
            List.of("greetings-baseline", "greetings-traced"));

    public static String markdown(LabResults results) {
        StringBuilder md = new StringBuilder();
        LabSettings settings = results.settings();
        md.append("# Lab report: what tracing costs per invocation\n\n");
        md.append(String.format(Locale.ROOT,
                "%d measured invocations per contestant after %d warm-up, concurrency 1, interleaved. "
                        + "Collector: %s. Sandboxes %s, idle at least %d ms between invocations. "
                        + "Memory and CPU sampled every %d invocations. Init and the first invocation: the median "
                        + "of %d cold start(s).%n%n",
                settings.invocations(), settings.warmup(), collector(settings),
                settings.freeze() ? "frozen (SIGSTOP) while idle, as Lambda freezes them" : "never frozen",
                settings.idleGap().toMillis(), settings.sampleEvery(), settings.coldStarts()));
        md.append("Machine: ").append(results.machine()).append("  \n");
        md.append("Versions: ").append(results.versions()).append("\n\n");

        md.append("| contestant | init ms | 1st invocation ms | response p50 | p90 | p99 | done p50 | done p99 "
                + "| client p50 | client p99 | peak RSS MB | sandbox peak MB | CPU ms/inv | sandbox CPU ms/inv "
                + "| invocations | non-200 | spans delivered | late | lost |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                md.append("| ").append(result.name()).append(" | skipped: ").append(result.skipped())
                        .append(" |||||||||||||||||| \n");
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f%s | %.3f "
                            + "| %.3f | %d | %d | %s | %s | %s |%n",
                    result.name(), result.initMs(), result.firstInvocationMs(), result.duration().p50(),
                    result.duration().p90(), result.duration().p99(), result.done().p50(), result.done().p99(),
                    result.clientLatency().p50(), result.clientLatency().p99(), result.peakRssMb(),
                    result.sandboxPeakMb(), result.collectorLayer() ? " (with collector)" : "",
                    result.cpuMsPerInvocation(), result.sandboxCpuMsPerInvocation(), result.invocations(),
                    result.non200() + result.errors(), tracedOnly(result, result.spansDelivered()),
                    tracedOnly(result, result.spansLate()), tracedOnly(result, result.spansLost())));
        }
        md.append("\nDurations in ms. `response`: from handing out the event to receiving the response, what the "
                + "caller waits for. `done`: until the runtime and every extension wait on `next` again, when Lambda "
                + "may freeze the sandbox, and what it bills. `client` adds the hop to the runtime's waiting `/next`. "
                + "`peak RSS` and `CPU` are the function process's own; `sandbox` adds the collector layer's process "
                + "where one ran in the sandbox (Lambda's Max Memory Used is the whole sandbox's): sandbox peak "
                + "memory is the sum of each process's peak RSS (`VmHWM`), an upper bound, since the two need not "
                + "peak at the same moment. A span is *delivered* if it reached ")
                .append(settings.collector().realCollector() ? "X-Ray (through the collector) or the X-Ray daemon"
                        : "the sink")
                .append(" before `done`, *late* if it came after (after a thaw, when freezing), and *lost* if it "
                        + "never came, not even once the run ended (thaw, SIGTERM, ")
                .append(LabSettings.END_GRACE.toSeconds()).append(" s).\n");
        for (ContestantResult result : results.contestants()) {
            if (result.failure() != null) {
                md.append("\n**").append(result.name()).append(" failed:** ").append(result.failure()).append('\n');
            }
        }
        md.append(OriginalAgainstOurs.markdown(results));
        results.contestant("quarkus-stock").ifPresent(stock -> md.append(stockQuarkus(stock)));
        for (List<String> pair : PAIRS) {
            Optional<ContestantResult> base = results.contestant(pair.get(0));
            Optional<ContestantResult> traced = results.contestant(pair.get(1));
            if (base.isPresent() && traced.isPresent()) {
                md.append(comparison(base.get(), traced.get()));
            }
        }
        md.append(OriginalAgainstOurs.targets(results));
        md.append(LabTargets.nativeTargets(results));
        md.append(LabTargets.afterResponseTargets(results));
        md.append(LabTargets.batchCollectorTargets(results));
        return md.toString();
    }

    private static String collector(LabSettings settings) {
        String idle = settings.sinkIdleTimeout().isZero() ? ""
                : ", closing connections idle for " + settings.sinkIdleTimeout().toMillis() + " ms";
        return switch (settings.collector()) {
            case FAST -> "`fast`, the lab's sink outside the sandbox, answering at once" + idle;
            case SYNC_EXPORT -> "`sync-export`, the lab's sink outside the sandbox, answering after "
                    + settings.syncExportDelay().toMillis() + " ms" + idle;
            case OTELCOL, OTELCOL_BATCH -> "`" + settings.collector().label() + "`, the real OpenTelemetry "
                    + "Collector inside each sandbox that exports OTLP, frozen and thawed with the function, on the "
                    + "shipped `deploy/collector.yaml` (OTLP in, `awsxray` out, "
                    + (settings.collector() == CollectorMode.OTELCOL ? "no processors, as the ADOT layer"
                            : "with the batch processor")
                    + "), exporting to a fake X-Ray that answers after " + settings.xrayDelay().toMillis() + " ms"
                    + idle + "; spans counted at X-Ray";
        };
    }

    /**
     * What stock Quarkus did under freezing, as a finding of the run rather than a test of ours: its exporter sends
     * after the response, so a freeze can catch it mid-export (quarkusio/quarkus#26250, #50826), until Quarkus fixes it.
     */
    static String stockQuarkus(ContestantResult stock) {
        if (stock.spansLate() + stock.spansLost() == 0) {
            return String.format(Locale.ROOT, "%n**Stock Quarkus** (`quarkus.otel.simple=true`, as its guide "
                    + "recommends for Lambda) delivered all %d spans before the freeze in this run: the defect of "
                    + "quarkusio/quarkus#26250 and #50826 did not show.%n", stock.spansDelivered());
        }
        return String.format(Locale.ROOT, "%n**Stock Quarkus** (`quarkus.otel.simple=true`, as its guide recommends "
                + "for Lambda): %d of %d spans late (they left only after a thaw; on Lambda, minutes later or never) "
                + "and %d lost. It exports after the response, and the freeze catches it mid-export "
                + "(quarkusio/quarkus#26250, #50826).%n", stock.spansLate(), stock.invocations(), stock.spansLost());
    }

    private static String tracedOnly(ContestantResult result, int count) {
        return result.traced() ? String.valueOf(count) : "n/a";
    }

    public static String comparison(ContestantResult base, ContestantResult other) {
        StringBuilder md = new StringBuilder();
        md.append("\n## ").append(other.name()).append(" against ").append(base.name()).append("\n\n");
        md.append("| figure | ").append(base.name()).append(" | ").append(other.name()).append(" | delta | ratio |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        row(md, "init (ms)", base.initMs(), other.initMs());
        row(md, "first invocation (ms)", base.firstInvocationMs(), other.firstInvocationMs());
        row(md, "response p50 (ms)", base.duration().p50(), other.duration().p50());
        row(md, "response p90 (ms)", base.duration().p90(), other.duration().p90());
        row(md, "response p99 (ms)", base.duration().p99(), other.duration().p99());
        row(md, "done p50 (ms)", base.done().p50(), other.done().p50());
        row(md, "done p99 (ms)", base.done().p99(), other.done().p99());
        row(md, "peak memory, function (MB)", base.peakRssMb(), other.peakRssMb());
        row(md, "peak memory, sandbox (MB)", base.sandboxPeakMb(), other.sandboxPeakMb());
        row(md, "CPU per invocation, function (ms)", base.cpuMsPerInvocation(), other.cpuMsPerInvocation());
        row(md, "CPU per invocation, sandbox (ms)", base.sandboxCpuMsPerInvocation(),
                other.sandboxCpuMsPerInvocation());
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, double base, double other) {
        if (Double.isNaN(base) && Double.isNaN(other)) {
            return;
        }
        if (Double.isNaN(base) || Double.isNaN(other)) {
            md.append("| ").append(figure).append(" | n/a | n/a | n/a | n/a |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f | %.2f |%n", figure, base, other,
                other - base, other / base));
    }

    /** What the caller waits for at the median: the response where it was measured, else Lambda's Duration. */
    private static double waitP50(ContestantResult result) {
        return result.duration().count() > 0 ? result.duration().p50() : result.done().p50();
    }

    private static double waitP99(ContestantResult result) {
        return result.duration().count() > 0 ? result.duration().p99() : result.done().p99();
    }

    /**
     * The original write-up's three conclusions restated from two measured functions; the AWS report uses it. Memory
     * and CPU are the sandbox's, as Lambda reports them.
     */
    public static String conclusions(ContestantResult baseline, ContestantResult traced) {
        double memory = traced.sandboxPeakMb() - baseline.sandboxPeakMb();
        double cpuPercent = (traced.sandboxCpuMsPerInvocation() / baseline.sandboxCpuMsPerInvocation() - 1) * 100;
        double duration = waitP50(traced) - waitP50(baseline);
        return String.format(Locale.ROOT, """

                ## Conclusions, in the words of the original write-up (%s against %s)

                - **Memory:** tracing raised peak memory by %.1f MB (%.0f against %.0f MB). The ADOT layer cost %.0f MB.
                - **CPU:** tracing used %.1f%% more CPU time per invocation (%.3f against %.3f ms). The ADOT layer \
                cost %.1f%%.
                - **Duration:** the synchronous flush added %.2f ms per invocation at the median (p99: %+.2f ms). \
                The ADOT layer's flush added about %.0f ms.
                """, traced.name(), baseline.name(), memory, traced.sandboxPeakMb(), baseline.sandboxPeakMb(),
                ADOT_MEMORY_MB, cpuPercent, traced.sandboxCpuMsPerInvocation(), baseline.sandboxCpuMsPerInvocation(),
                ADOT_CPU_PERCENT, duration, waitP99(traced) - waitP99(baseline), ADOT_DURATION_MS);
    }

    private LabReport() {
    }
}
