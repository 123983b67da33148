package dev.lambdatrace.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.lambdatrace.lab.run.CollectorMode;

/**
 * The targets the lab prints for this project's own figures, each as holds or missed with the measured figure; each
 * set is checked only under the collector it was set for. Never asserted: the figures move with the machine.
 */
final class LabTargets {

    /** The native targets, for the fast collector. */
    static String nativeTargets(LabResults results) {
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
    static String afterResponseTargets(LabResults results) {
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

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    static String check(boolean holds, String text) {
        return (holds ? "- [x] holds: " : "- [ ] MISSED: ") + text;
    }

    /** The flush share against the real collector with the batch processor, whose receiver answers at once. */
    static String batchCollectorTargets(LabResults results) {
        if (results.settings().collector() != CollectorMode.OTELCOL_BATCH) {
            return "";
        }
        Optional<ContestantResult> base = results.contestant("native-baseline");
        Optional<ContestantResult> traced = results.contestant("native-traced");
        if (base.isEmpty() || traced.isEmpty()) {
            return "\n## Targets (native, otelcol-batch)\n\n- not checked: native-traced and native-baseline did not "
                    + "both run\n";
        }
        ContestantResult b = base.get();
        ContestantResult t = traced.get();
        double p50 = t.duration().p50() - b.duration().p50();
        double p99 = t.duration().p99() - b.duration().p99();
        return "\n## Targets (native, otelcol-batch)\n\n"
                + check(p50 <= 0.15, format("before-response flush share at p50 ≤ 0.15 ms: %.3f ms", p50)) + "\n"
                + check(p99 <= 0.5, format("before-response flush share at p99 ≤ 0.5 ms: %.3f ms", p99)) + "\n";
    }

    private LabTargets() {
    }
}
