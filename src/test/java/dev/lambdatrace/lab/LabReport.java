package dev.lambdatrace.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes {@code report.md}: the contestants side by side, the deltas against the baseline, the original write-up's
 * three conclusions restated from the measured numbers, and which targets hold.
 */
final class LabReport {

    // What the original ADOT test measured, for the comparison lines.
    static final double ADOT_MEMORY_MB = 75;
    static final double ADOT_CPU_PERCENT = 2.5;
    static final double ADOT_DURATION_MS = 10;

    static String markdown(LabResults results) {
        StringBuilder md = new StringBuilder();
        LabSettings settings = results.settings();
        md.append("# Lab report: what tracing costs per invocation\n\n");
        md.append(String.format(Locale.ROOT,
                "%d measured invocations per contestant after %d warm-up, concurrency 1, interleaved. "
                        + "Collector sink: %s%s. Memory and CPU sampled every %d invocations.%n%n",
                settings.invocations(), settings.warmup(), settings.collector().label(),
                settings.collector() == CollectorMode.SYNC_EXPORT
                        ? " (answers after " + settings.syncExportDelay().toMillis() + " ms)" : "",
                settings.sampleEvery()));
        md.append("Machine: ").append(results.machine()).append("  \n");
        md.append("Versions: ").append(results.versions()).append("\n\n");

        md.append("| contestant | init ms | 1st invocation ms | duration p50 | p90 | p99 | max | client p50 | client p99 "
                + "| peak RSS MB | end RSS MB | CPU ms/inv | invocations | non-200 | spans lost | spans late |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                md.append("| ").append(result.name()).append(" | skipped: ").append(result.skipped())
                        .append(" ||||||||||||||| \n");
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %.3f | %d | %d | %s | %s |%n",
                    result.name(), result.initMs(), result.firstInvocationMs(), result.duration().p50(), result.duration().p90(),
                    result.duration().p99(), result.duration().max(), result.clientLatency().p50(),
                    result.clientLatency().p99(), result.peakRssMb(), result.endRssMb(), result.cpuMsPerInvocation(),
                    result.invocations(), result.non200() + result.errors(),
                    result.traced() ? String.valueOf(result.spansLost()) : "n/a",
                    result.traced() && result.spansLate() >= 0 ? String.valueOf(result.spansLate()) : "n/a"));
        }
        md.append("\nDurations in ms: `duration` runs from handing out the event to receiving the response "
                + "(Lambda's Duration); `client` adds the hop to the runtime's waiting `/next`.\n");
        for (ContestantResult result : results.contestants()) {
            if (result.failure() != null) {
                md.append("\n**").append(result.name()).append(" failed:** ").append(result.failure()).append('\n');
            }
        }

        Optional<ContestantResult> baseline = results.contestant("baseline");
        for (String name : List.of("traced", "traced-udp", "upstream", "native-traced")) {
            Optional<ContestantResult> other = results.contestant(name);
            Optional<ContestantResult> base = name.startsWith("native") ? results.contestant("native-baseline")
                    : baseline;
            if (other.isPresent() && base.isPresent()) {
                md.append(comparison(base.get(), other.get()));
            }
        }
        if (baseline.isPresent() && results.contestant("traced").isPresent()) {
            md.append(conclusions(baseline.get(), results.contestant("traced").get()));
            md.append(targets(results, baseline.get(), results.contestant("traced").get()));
        }
        return md.toString();
    }

    static String comparison(ContestantResult base, ContestantResult other) {
        StringBuilder md = new StringBuilder();
        md.append("\n## ").append(other.name()).append(" against ").append(base.name()).append("\n\n");
        md.append("| figure | ").append(base.name()).append(" | ").append(other.name()).append(" | delta | ratio |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        row(md, "init (ms)", base.initMs(), other.initMs());
        row(md, "cold start: init + first invocation (ms)", base.initMs() + base.firstInvocationMs(),
                other.initMs() + other.firstInvocationMs());
        row(md, "duration p50 (ms)", base.duration().p50(), other.duration().p50());
        row(md, "duration p90 (ms)", base.duration().p90(), other.duration().p90());
        row(md, "duration p99 (ms)", base.duration().p99(), other.duration().p99());
        row(md, "client latency p50 (ms)", base.clientLatency().p50(), other.clientLatency().p50());
        row(md, "peak memory (MB)", base.peakRssMb(), other.peakRssMb());
        row(md, "CPU per invocation (ms)", base.cpuMsPerInvocation(), other.cpuMsPerInvocation());
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, double base, double other) {
        if (Double.isNaN(base) || Double.isNaN(other)) {
            md.append("| ").append(figure).append(" | n/a | n/a | n/a | n/a |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f | %.2f |%n", figure, base, other,
                other - base, other / base));
    }

    static String conclusions(ContestantResult baseline, ContestantResult traced) {
        double memory = traced.peakRssMb() - baseline.peakRssMb();
        double cpuPercent = (traced.cpuMsPerInvocation() / baseline.cpuMsPerInvocation() - 1) * 100;
        double duration = traced.duration().p50() - baseline.duration().p50();
        return String.format(Locale.ROOT, """

                ## Conclusions, in the words of the original write-up

                - **Memory:** tracing raised peak memory by %.1f MB (%.0f against %.0f MB). The ADOT layer cost %.0f MB.
                - **CPU:** tracing used %.1f%% more CPU time per invocation (%.3f against %.3f ms). The ADOT layer \
                cost %.1f%%.
                - **Duration:** the synchronous flush added %.2f ms per invocation at the median (p99: %+.2f ms). \
                The ADOT layer's flush added about %.0f ms.
                """, memory, traced.peakRssMb(), baseline.peakRssMb(), ADOT_MEMORY_MB, cpuPercent,
                traced.cpuMsPerInvocation(), baseline.cpuMsPerInvocation(), ADOT_CPU_PERCENT, duration,
                traced.duration().p99() - baseline.duration().p99(), ADOT_DURATION_MS);
    }

    private static String targets(LabResults results, ContestantResult baseline, ContestantResult traced) {
        List<String> lines = new ArrayList<>();
        double flushP50 = traced.duration().p50() - baseline.duration().p50();
        double flushP99 = traced.duration().p99() - baseline.duration().p99();
        lines.add(check(flushP50 <= 1.0, String.format(Locale.ROOT, "flush share at p50 ≤ 1 ms: %.3f ms", flushP50)));
        lines.add(check(flushP99 <= 3.0, String.format(Locale.ROOT, "flush share at p99 ≤ 3 ms: %.3f ms", flushP99)));
        double rss = traced.peakRssMb() - baseline.peakRssMb();
        lines.add(check(rss <= 20, String.format(Locale.ROOT, "peak RSS traced − baseline ≤ 20 MB: %.1f MB", rss)));
        results.contestant("upstream").ifPresentOrElse(upstream -> {
            lines.add(check(traced.duration().p50() < upstream.duration().p50()
                    && traced.duration().p99() < upstream.duration().p99(), String.format(Locale.ROOT,
                            "traced ahead of upstream on duration: p50 %.3f vs %.3f ms, p99 %.3f vs %.3f ms",
                            traced.duration().p50(), upstream.duration().p50(), traced.duration().p99(),
                            upstream.duration().p99())));
            lines.add(check(traced.initMs() < upstream.initMs(), String.format(Locale.ROOT,
                    "traced ahead of upstream on init: %.0f vs %.0f ms", traced.initMs(), upstream.initMs())));
        }, () -> lines.add("- not checked: traced ahead of upstream (the upstream peer did not run)"));
        results.contestant("traced-udp").ifPresent(udp -> {
            double udpFlush = udp.duration().p50() - baseline.duration().p50();
            lines.add(check(udpFlush <= 0.1, String.format(Locale.ROOT,
                    "traced-udp flush share at p50 ≤ 0.1 ms: %.3f ms", udpFlush)));
            double udpRss = udp.peakRssMb() - baseline.peakRssMb();
            lines.add(check(udpRss <= 5, String.format(Locale.ROOT,
                    "peak RSS traced-udp − baseline ≤ 5 MB: %.1f MB", udpRss)));
            lines.add(check(udp.spansLost() == 0, "traced-udp: 0 spans lost in " + udp.invocations()
                    + " invocations: " + udp.spansLost() + " lost"));
        });
        boolean fast = results.settings().collector() == CollectorMode.FAST;
        lines.add(fast ? check(traced.spansLost() == 0, "0 spans lost in " + traced.invocations()
                + " invocations: " + traced.spansLost() + " lost, " + traced.spansLate() + " late")
                : "- not checked: spans lost (the target is for the fast collector; this run used sync-export)");
        return "\n## Targets (JVM, fast collector)\n\n" + String.join("\n", lines) + "\n";
    }

    private static String check(boolean holds, String text) {
        return (holds ? "- [x] holds: " : "- [ ] MISSED: ") + text;
    }

    private LabReport() {
    }
}
