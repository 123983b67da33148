package dev.lambdatrace.lab.managed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.lab.measure.Percentiles;

class ManagedInstancesReportTest {

    @Test
    void aStalledInvocationShowsAsFailedWithItsLengthAndMissesTheTarget() {
        // given: a traced run at the baseline's throughput in which one caller waited 30 s for nothing
        ManagedRun.Result baseline = result("baseline", 1_000, 0, 2.1);
        ManagedRun.Result traced = result("traced-udp", 980, 1, 30_000.0);

        // when
        String report = ManagedInstancesReport.markdown(List.of(baseline, traced), List.of(), Duration.ofSeconds(10),
                Duration.ofMillis(10));

        // then
        assertTrue(report.contains("| native | traced-udp | 4 | 9800 | 980 | 1.000 ms | 2.000 ms | 30000.0 ms | 1 |"),
                report);
        assertTrue(report.contains("1 failed, longest 30000.0 ms (target none failed: misses)"), report);
    }

    @Test
    void aRunWithoutFailuresHoldsTheTarget() {
        String report = ManagedInstancesReport.markdown(List.of(result("baseline", 1_000, 0, 2.1),
                result("traced-otlp", 990, 0, 3.2)), List.of(), Duration.ofSeconds(10), Duration.ofMillis(10));

        assertTrue(report.contains("0 failed, longest 3.2 ms (target none failed: holds)"), report);
    }

    private static ManagedRun.Result result(String contestant, double perSecond, long failed, double longestMillis) {
        return new ManagedRun.Result(contestant, LambdaRuntime.PROVIDED_AL2023, 4, false, (long) (perSecond * 10),
                perSecond, new Percentiles(100, 1.0, 1.5, 2.0, longestMillis, 1.1), 0.5, 60 * 1024, 0, failed,
                longestMillis, (long) (perSecond * 10), 0);
    }
}
