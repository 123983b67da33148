package dev.lambdatrace.lab.managed;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Managed Instances lab's report: one table of every run, the targets against the baseline measured beside them,
 * the shutdowns, and the init in both modes.
 */
final class ManagedInstancesReport {

    static String markdown(List<ManagedRun.Result> results, List<String> init, Duration window, Duration xrayDelay) {
        StringBuilder md = new StringBuilder("# Lambda Managed Instances, under AWS's emulator\n\n");
        md.append(String.format(Locale.ROOT, "Each window %d s, as many callers as workers, X-Ray answering the "
                + "collector after %d ms. Response: as the caller waited for it, through the emulator. CPU: the "
                + "function's process only. Failed: answered with an error or a timeout, or not at all; longest: the "
                + "longest any invocation of the run took, failed or not (a stalled one shows here, and a caller "
                + "that got no answer stops).%n%n", window.toSeconds(), xrayDelay.toMillis()));
        md.append("| runtime | contestant | concurrency | invocations | per second | response p50 | response p99 "
                + "| longest | failed | CPU per invocation | peak RSS | refused (no idle worker) | spans delivered "
                + "| lost |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ManagedRun.Result result : results) {
            if (!result.shutdownMidway()) {
                md.append(row(result));
            }
        }
        md.append("\n## Targets, at the highest concurrency\n\n");
        for (ManagedRun.Result traced : results) {
            if (traced.shutdownMidway() || traced.contestant().equals("baseline")) {
                continue;
            }
            Optional<ManagedRun.Result> baseline = results.stream().filter(r -> r.contestant().equals("baseline")
                    && r.runtime() == traced.runtime() && r.concurrency() == traced.concurrency()).findFirst();
            int highest = results.stream().mapToInt(ManagedRun.Result::concurrency).max().orElse(0);
            if (baseline.isEmpty() || traced.concurrency() != highest) {
                continue;
            }
            double throughput = traced.perSecond() / baseline.get().perSecond();
            double p50 = traced.responseMillis().p50() - baseline.get().responseMillis().p50();
            md.append(String.format(Locale.ROOT, "- %s %s at %d: throughput %.2f of the baseline's (target at least "
                    + "0.90: %s); response p50 %+.3f ms against the baseline's (target within 0.1 ms: %s); %d "
                    + "failed, longest %.1f ms (target none failed: %s)%n",
                    traced.runtime().shortName(), traced.contestant(), traced.concurrency(), throughput,
                    throughput >= 0.9 ? "holds" : "misses", p50, Math.abs(p50) <= 0.1 ? "holds" : "misses",
                    traced.failed(), traced.longestMillis(), traced.failed() == 0 ? "holds" : "misses"));
        }
        md.append("\n## SIGTERM in the middle of traffic\n\n");
        md.append("| runtime | contestant | concurrency | answered before the shutdown | their spans delivered | lost "
                + "| failed (during and after it) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (ManagedRun.Result result : results) {
            if (result.shutdownMidway()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d |%n",
                        result.runtime().shortName(), result.contestant(), result.concurrency(), result.answered(),
                        result.delivered(), result.lost(), result.failed()));
            }
        }
        md.append("\n## Native init (the executable's own \"started in\", median of 5 starts)\n\n");
        md.append("| mode | starts | p50 | max |\n|---|---:|---:|---:|\n");
        init.forEach(line -> md.append(line).append('\n'));
        return md.toString();
    }

    private static String row(ManagedRun.Result result) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.3f ms | %.3f ms | %.1f ms | %d | %.3f ms "
                + "| %.1f MB | %d | %s | %s |%n", result.runtime().shortName(), result.contestant(),
                result.concurrency(), result.answered(), result.perSecond(), result.responseMillis().p50(),
                result.responseMillis().p99(), result.longestMillis(), result.failed(), result.cpuMillisPerInvocation(), result.peakRssKb() / 1024.0, result.refused(),
                result.contestant().equals("baseline") ? "-" : String.valueOf(result.delivered()),
                result.contestant().equals("baseline") ? "-" : String.valueOf(result.lost()));
    }

    private ManagedInstancesReport() {
    }
}
