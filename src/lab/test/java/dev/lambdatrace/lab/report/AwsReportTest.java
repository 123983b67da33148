package dev.lambdatrace.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS report on recorded-style CloudWatch answers (src/lab/test/resources/aws-report/raw, and seed/ for a stack with
 * the seed pair): the figures land in the CSV and the summary, and the charts are drawn.
 */
class AwsReportTest {

    static final Path RAW = Path.of("test/resources/aws-report/raw");
    static final Path SEED = Path.of("test/resources/aws-report/seed");

    @TempDir
    Path output;

    @Test
    void readsEveryFunctionTracedFirstWithItsReportLineAndInsightsFigures() throws Exception {
        List<AwsReport.FunctionFigures> figures = AwsReport.read(RAW);

        assertEquals(List.of("traced", "baseline"), figures.stream().map(AwsReport.FunctionFigures::label).toList());
        AwsReport.FunctionFigures traced = figures.get(0);
        assertEquals(1500, traced.invocations());
        assertEquals(2.05, traced.p50());
        assertEquals(6.4, traced.p99());
        assertEquals(108.0, traced.maxMemoryUsedMb());
        assertEquals(182.4, traced.initAvg());
        assertEquals(108.0, traced.insightsMemoryMaxMb());
        assertEquals((3.1 + 3.0 + 3.2 + 3.0 + 4.8) / 5, traced.insightsCpuMsAvg(), 1e-9);
        // CloudWatch lists datapoints newest first; the series runs oldest first.
        assertEquals(new LabCharts.Point(0, 104), traced.memorySeries().get(0));
        assertEquals(new LabCharts.Point(20, 108), traced.memorySeries().get(4));
        assertEquals(5, traced.durationSeries().size());
        assertEquals(new LabCharts.Point(5, 2.0), traced.durationSeries().get(1));
    }

    // A stack deployed with Seed=true: the seed pair's tracing is measured against its own baseline, the same Python
    // handler, and never against the Java baseline.
    @Test
    void theSeedPairIsComparedWithItsOwnBaselineAndGetsTheOriginalWriteUpsConclusionsToo() throws Exception {
        // given what report.sh saves for a stack with the seed pair
        Path raw = Files.createDirectories(output.resolve("raw"));
        for (Path directory : List.of(RAW, SEED)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.copy(file, raw.resolve(file.getFileName()));
                }
            }
        }

        // when
        List<AwsReport.FunctionFigures> figures = AwsReport.read(raw);
        AwsReport.write(output, figures, "perf-test", "1700000000-1700003600");

        // then
        assertEquals(List.of("traced", "baseline", "seed-adot", "seed-baseline"),
                figures.stream().map(AwsReport.FunctionFigures::label).toList());
        String md = Files.readString(output.resolve("report.md"));
        assertTrue(md.contains("## traced against baseline"), md);
        assertTrue(md.contains("## seed-adot against seed-baseline"), md);
        assertFalse(md.contains("## seed-adot against baseline"), md);
        assertFalse(md.contains("## seed-baseline against"), md);
        assertTrue(md.contains("original write-up (traced against baseline)"), md);
        assertTrue(md.contains("original write-up (seed-adot against seed-baseline)"), md);
        assertTrue(md.contains("tracing raised peak memory by 75.0 MB (185 against 110 MB)"), md);
        List<String> csv = Files.readAllLines(output.resolve("report.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(3).startsWith("seed-adot,1500,12.600,"), csv.get(3));
        assertTrue(csv.get(4).startsWith("seed-baseline,1500,1.900,"), csv.get(4));
    }

    @Test
    void writesTheCsvTheSummaryAndTheThreeCharts() throws Exception {
        // when
        AwsReport.write(output, AwsReport.read(RAW), "perf-test", "1700000000-1700003600");

        // then
        List<String> csv = Files.readAllLines(output.resolve("report.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("function,invocations,duration_p50_ms"), csv.get(0));
        assertEquals("traced,1500,2.050,2.900,6.400,41.200,2.310,3.000,108.0,182.400,1,108.0,3.420", csv.get(1));
        assertTrue(csv.get(2).startsWith("baseline,1500,1.210,"), csv.get(2));

        String md = Files.readString(output.resolve("report.md"));
        assertTrue(md.contains("Stack `perf-test`"), md);
        assertTrue(md.contains("tracing raised peak memory by 60.0 MB (108 against 48 MB)"), md);
        assertTrue(md.contains("the synchronous flush added 0.84 ms per invocation at the median"), md);
        // Lambda's REPORT Duration ends when the runtime and its extensions are done: the lab's "done".
        assertTrue(md.contains("| done p50 (ms) | 1.210 | 2.050 | +0.840 | 1.69 |"), md);
        assertFalse(md.contains("response p50"), "no rows for what CloudWatch does not report");

        for (String chart : List.of("memory.png", "cpu.png", "duration.png")) {
            byte[] png = Files.readAllBytes(output.resolve(chart));
            assertTrue(png.length > 1000, chart);
            assertEquals((byte) 0x89, png[0], chart + " is a PNG");
        }
    }
}
