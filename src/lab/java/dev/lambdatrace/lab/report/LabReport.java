package dev.lambdatrace.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.lambdatrace.lab.run.CollectorMode;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * Writes {@code report.md}: the contestants side by side, each product's tracing against its own baseline, the
 * original write-up's three conclusions restated from the measured numbers, and which targets hold.
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
            List.of("baseline", "quarkus-stock"), List.of("upstream-baseline", "upstream"));

    public static String markdown(LabResults results) {
        StringBuilder md = new StringBuilder();
        LabSettings settings = results.settings();
        md.append("# Lab report: what tracing costs per invocation\n\n");
        md.append(String.format(Locale.ROOT,
                "%d measured invocations per contestant after %d warm-up, concurrency 1, interleaved. "
                        + "Collector sink: %s%s%s. Sandboxes %s, idle at least %d ms between invocations. "
                        + "Memory and CPU sampled every %d invocations. Init and the first invocation: the median "
                        + "of %d cold start(s).%n%n",
                settings.invocations(), settings.warmup(), settings.collector().label(),
                settings.collector() == CollectorMode.SYNC_EXPORT
                        ? " (answers after " + settings.syncExportDelay().toMillis() + " ms)" : "",
                settings.sinkIdleTimeout().isZero() ? ""
                        : ", closing connections idle for " + settings.sinkIdleTimeout().toMillis() + " ms",
                settings.freeze() ? "frozen (SIGSTOP) while idle, as Lambda freezes them" : "never frozen",
                settings.idleGap().toMillis(), settings.sampleEvery(), settings.coldStarts()));
        md.append("Machine: ").append(results.machine()).append("  \n");
        md.append("Versions: ").append(results.versions()).append("\n\n");

        md.append("| contestant | init ms | 1st invocation ms | response p50 | p90 | p99 | done p50 | done p99 "
                + "| client p50 | client p99 | peak RSS MB | CPU ms/inv | invocations | non-200 "
                + "| spans delivered | late | lost |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                md.append("| ").append(result.name()).append(" | skipped: ").append(result.skipped())
                        .append(" |||||||||||||||| \n");
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.3f | %d | %d "
                            + "| %s | %s | %s |%n",
                    result.name(), result.initMs(), result.firstInvocationMs(), result.duration().p50(),
                    result.duration().p90(), result.duration().p99(), result.done().p50(), result.done().p99(),
                    result.clientLatency().p50(), result.clientLatency().p99(), result.peakRssMb(),
                    result.cpuMsPerInvocation(), result.invocations(), result.non200() + result.errors(),
                    tracedOnly(result, result.spansDelivered()), tracedOnly(result, result.spansLate()),
                    tracedOnly(result, result.spansLost())));
        }
        md.append("\nDurations in ms. `response`: from handing out the event to receiving the response, what the "
                + "caller waits for. `done`: until the runtime and every extension wait on `next` again, when Lambda "
                + "may freeze the sandbox, and what it bills. `client` adds the hop to the runtime's waiting `/next`. "
                + "A span is *delivered* if the sink had it before `done`, *late* if it came after (after a thaw, "
                + "when freezing), and *lost* if it never came, not even once the run ended (thaw, SIGTERM, "
                + LabSettings.END_GRACE.toSeconds() + " s).\n");
        for (ContestantResult result : results.contestants()) {
            if (result.failure() != null) {
                md.append("\n**").append(result.name()).append(" failed:** ").append(result.failure()).append('\n');
            }
        }
        for (List<String> pair : PAIRS) {
            Optional<ContestantResult> base = results.contestant(pair.get(0));
            Optional<ContestantResult> traced = results.contestant(pair.get(1));
            if (base.isPresent() && traced.isPresent()) {
                md.append(comparison(base.get(), traced.get()));
            }
        }
        headline(results).ifPresent(pair -> md.append(conclusions(pair.get(0), pair.get(1))));
        md.append(nativeTargets(results));
        md.append(afterResponseTargets(results));
        return md.toString();
    }

    /** The pair the conclusions speak of: the native product where it ran, the JVM jar otherwise. */
    private static Optional<List<ContestantResult>> headline(LabResults results) {
        for (List<String> pair : List.of(List.of("native-baseline", "native-traced"), List.of("baseline", "traced"))) {
            Optional<ContestantResult> base = results.contestant(pair.get(0));
            Optional<ContestantResult> traced = results.contestant(pair.get(1));
            if (base.isPresent() && traced.isPresent()) {
                return Optional.of(List.of(base.get(), traced.get()));
            }
        }
        return Optional.empty();
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
        row(md, "peak memory (MB)", base.peakRssMb(), other.peakRssMb());
        row(md, "CPU per invocation (ms)", base.cpuMsPerInvocation(), other.cpuMsPerInvocation());
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

    public static String conclusions(ContestantResult baseline, ContestantResult traced) {
        double memory = traced.peakRssMb() - baseline.peakRssMb();
        double cpuPercent = (traced.cpuMsPerInvocation() / baseline.cpuMsPerInvocation() - 1) * 100;
        double duration = waitP50(traced) - waitP50(baseline);
        return String.format(Locale.ROOT, """

                ## Conclusions, in the words of the original write-up (%s against %s)

                - **Memory:** tracing raised peak memory by %.1f MB (%.0f against %.0f MB). The ADOT layer cost %.0f MB.
                - **CPU:** tracing used %.1f%% more CPU time per invocation (%.3f against %.3f ms). The ADOT layer \
                cost %.1f%%.
                - **Duration:** the synchronous flush added %.2f ms per invocation at the median (p99: %+.2f ms). \
                The ADOT layer's flush added about %.0f ms.
                """, traced.name(), baseline.name(), memory, traced.peakRssMb(), baseline.peakRssMb(),
                ADOT_MEMORY_MB, cpuPercent, traced.cpuMsPerInvocation(), baseline.cpuMsPerInvocation(),
                ADOT_CPU_PERCENT, duration, waitP99(traced) - waitP99(baseline), ADOT_DURATION_MS);
    }

    /** The native targets, for the fast collector. */
    private static String nativeTargets(LabResults results) {
        Optional<ContestantResult> base = results.contestant("native-baseline");
        Optional<ContestantResult> traced = results.contestant("native-traced");
        if (base.isEmpty() || traced.isEmpty()) {
            return "\n## Targets (native, fast collector)\n\n- not checked: native-traced and native-baseline did not "
                    + "both run\n";
        }
        if (results.settings().collector() != CollectorMode.FAST) {
            return "\n## Targets (native, fast collector)\n\n- not checked: this run used the "
                    + results.settings().collector().label() + " collector\n";
        }
        ContestantResult b = base.get();
        ContestantResult t = traced.get();
        List<String> lines = new ArrayList<>();
        lines.add(check(t.duration().p50() - b.duration().p50() <= 0.15,
                format("otlp flush share at p50 ≤ 0.15 ms: %.3f ms", t.duration().p50() - b.duration().p50())));
        lines.add(check(t.duration().p99() - b.duration().p99() <= 0.5,
                format("otlp flush share at p99 ≤ 0.5 ms: %.3f ms", t.duration().p99() - b.duration().p99())));
        results.contestant("native-traced-udp").ifPresent(udp -> lines.add(check(
                udp.duration().p50() - b.duration().p50() <= 0.05,
                format("xray-udp flush share at p50 ≤ 0.05 ms: %.3f ms", udp.duration().p50() - b.duration().p50()))));
        double cpu = t.cpuMsPerInvocation() - b.cpuMsPerInvocation();
        lines.add(check(cpu <= 0.1, format("CPU per invocation, traced − baseline ≤ 0.1 ms: %.3f ms", cpu)));
        double first = t.firstInvocationMs() - b.firstInvocationMs();
        lines.add(check(first <= 5, format("first invocation, traced − baseline ≤ 5 ms: %.1f ms", first)));
        lines.add(check(t.initMs() <= 50 && b.initMs() <= 50,
                format("init ≤ 50 ms for both: %.0f and %.0f ms", t.initMs(), b.initMs())));
        lines.add(check(t.initMs() - b.initMs() <= 2, format("init, traced − baseline ≤ 2 ms: %.1f ms",
                t.initMs() - b.initMs())));
        lines.add(check(t.peakRssMb() <= 64, format("peak RSS of native-traced ≤ 64 MB: %.1f MB", t.peakRssMb())));
        lines.add(check(t.peakRssMb() - b.peakRssMb() <= 3,
                format("peak RSS, traced − baseline ≤ 3 MB: %.1f MB", t.peakRssMb() - b.peakRssMb())));
        lines.add(check(t.spansLost() == 0, "0 spans lost in " + t.invocations() + " invocations: " + t.spansLost()
                + " lost, " + t.spansLate() + " late"));
        results.contestant("upstream").ifPresentOrElse(upstream -> lines.add(check(
                t.initMs() < upstream.initMs() && t.firstInvocationMs() < upstream.firstInvocationMs()
                        && t.duration().p50() < upstream.duration().p50()
                        && t.duration().p99() < upstream.duration().p99() && t.peakRssMb() < upstream.peakRssMb()
                        && t.cpuMsPerInvocation() < upstream.cpuMsPerInvocation(),
                format("native-traced ahead of the upstream JVM peer on every figure: init %.0f vs %.0f ms, first "
                        + "invocation %.1f vs %.1f ms, p50 %.2f vs %.2f ms, p99 %.2f vs %.2f ms, RSS %.1f vs %.1f MB, "
                        + "CPU %.3f vs %.3f ms", t.initMs(), upstream.initMs(), t.firstInvocationMs(),
                        upstream.firstInvocationMs(), t.duration().p50(), upstream.duration().p50(),
                        t.duration().p99(), upstream.duration().p99(), t.peakRssMb(), upstream.peakRssMb(),
                        t.cpuMsPerInvocation(), upstream.cpuMsPerInvocation()))),
                () -> lines.add("- not checked: ahead of upstream (the upstream peer did not run)"));
        return "\n## Targets (native, fast collector)\n\n" + String.join("\n", lines) + "\n";
    }

    /** The after-response targets, for the sync-export collector that answers after its delay. */
    private static String afterResponseTargets(LabResults results) {
        Optional<ContestantResult> base = results.contestant("native-baseline").or(() -> results.contestant("baseline"));
        Optional<ContestantResult> after = results.contestant("native-traced-after")
                .or(() -> results.contestant("traced-after"));
        if (base.isEmpty() || after.isEmpty()) {
            return "";
        }
        if (results.settings().collector() != CollectorMode.SYNC_EXPORT) {
            return "\n## Targets (after-response, sync-export collector)\n\n- not checked: this run used the "
                    + results.settings().collector().label() + " collector\n";
        }
        ContestantResult b = base.get();
        ContestantResult a = after.get();
        double delay = results.settings().syncExportDelay().toNanos() / 1e6;
        List<String> lines = new ArrayList<>();
        lines.add(check(a.duration().p50() - b.duration().p50() <= 0.1, format(
                "%s response − %s at p50 ≤ 0.1 ms: %.3f ms", a.name(), b.name(),
                a.duration().p50() - b.duration().p50())));
        lines.add(check(a.duration().p99() - b.duration().p99() <= 0.5, format(
                "%s response − %s at p99 ≤ 0.5 ms: %.3f ms", a.name(), b.name(),
                a.duration().p99() - b.duration().p99())));
        lines.add(check(a.done().p50() - b.done().p50() <= delay + 0.2, format(
                "%s done − %s at p50 ≤ the sink's %.0f ms + 0.2 ms: %.3f ms", a.name(), b.name(), delay,
                a.done().p50() - b.done().p50())));
        lines.add(check(a.spansLost() == 0 && a.spansLate() == 0, a.name() + ": 0 spans lost or late in "
                + a.invocations() + " invocations: " + a.spansLost() + " lost, " + a.spansLate() + " late"));
        return "\n## Targets (after-response, sync-export collector)\n\n" + String.join("\n", lines) + "\n";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static String check(boolean holds, String text) {
        return (holds ? "- [x] holds: " : "- [ ] MISSED: ") + text;
    }

    private LabReport() {
    }
}
