package dev.lambdatrace.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatrace.lab.measure.Percentiles;

/**
 * The AWS report: turns what {@code deploy/report.sh} fetched from CloudWatch (Logs Insights statistics of the REPORT
 * lines, Lambda Insights metrics) into {@code report.csv}, the three charts and {@code report.md}, with the lab's own
 * chart and conclusion code, so that the local and the AWS reports read alike.
 */
public final class AwsReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One function's figures for the window. Durations in ms, memory in MB. */
    public record FunctionFigures(String label, long invocations, double p50, double p90, double p99, double max, double avg,
            double billedAvg, double maxMemoryUsedMb, double initAvg, long coldStarts, double insightsMemoryMaxMb,
            double insightsCpuMsAvg, List<LabCharts.Point> memorySeries, List<LabCharts.Point> cpuSeries,
            List<LabCharts.Point> durationSeries) {

        ContestantResult asContestant() {
            Percentiles none = Percentiles.of(List.of());
            // Lambda's Duration ends when the runtime and every extension are done: the lab's "done".
            Percentiles duration = new Percentiles((int) invocations, p50, p90, p99, max, avg);
            // Max Memory Used and Insights' CPU time are the whole sandbox's; AWS reports no process's own.
            return new ContestantResult(label, "AWS Lambda", null, null, initAvg, Double.NaN, (int) invocations, 0, 0,
                    0, none, duration, none, Double.NaN, Double.NaN, Double.NaN, maxMemoryUsedMb, insightsCpuMsAvg,
                    false, false, 0, 0, 0, List.of(), List.of());
        }
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(System.getProperty("aws-report.dir", ""));
        if (!Files.isDirectory(directory.resolve("raw"))) {
            System.err.println("aws-report: no raw/ data in '" + directory + "'; run deploy/report.sh");
            System.exit(2);
        }
        List<FunctionFigures> figures = read(directory.resolve("raw"));
        write(directory, figures, System.getProperty("aws-report.stack", "?"),
                System.getProperty("aws-report.window", "?"));
        System.out.println(Files.readString(directory.resolve("report.md")));
    }

    /**
     * Reads every {@code <label>-report-summary.json} and its companions; traced first, then baseline, then others,
     * then the seed pair.
     */
    public static List<FunctionFigures> read(Path raw) throws IOException {
        List<String> labels;
        try (Stream<Path> files = Files.list(raw)) {
            labels = new ArrayList<>(files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith("-report-summary.json"))
                    .map(name -> name.substring(0, name.length() - "-report-summary.json".length()))
                    .sorted().toList());
        }
        labels.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        List<FunctionFigures> figures = new ArrayList<>();
        for (String label : labels) {
            figures.add(figures(label, raw));
        }
        return figures;
    }

    public static void write(Path directory, List<FunctionFigures> figures, String stack, String window) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("report.csv"), csv(figures));
        Files.writeString(directory.resolve("report.md"), markdown(figures, stack, window));
        Map<String, List<LabCharts.Point>> memory = new LinkedHashMap<>();
        Map<String, List<LabCharts.Point>> cpu = new LinkedHashMap<>();
        Map<String, List<LabCharts.Point>> duration = new LinkedHashMap<>();
        for (FunctionFigures function : figures) {
            memory.put(function.label(), function.memorySeries());
            cpu.put(function.label(), function.cpuSeries());
            duration.put(function.label(), function.durationSeries());
        }
        LabCharts.line(directory.resolve("memory.png"), "Memory (Lambda Insights used_memory_max)",
                "minutes into the run", "memory (MB)", memory);
        LabCharts.line(directory.resolve("cpu.png"), "CPU time per invocation (Lambda Insights cpu_total_time)",
                "minutes into the run", "CPU (ms)", cpu);
        LabCharts.line(directory.resolve("duration.png"), "Duration per invocation (median of each 5 minutes)",
                "minutes into the run", "duration (ms)", duration);
    }

    public static String csv(List<FunctionFigures> figures) {
        StringBuilder csv = new StringBuilder("function,invocations,duration_p50_ms,duration_p90_ms,duration_p99_ms,"
                + "duration_max_ms,duration_avg_ms,billed_avg_ms,max_memory_used_mb,init_avg_ms,cold_starts,"
                + "insights_memory_max_mb,insights_cpu_total_ms_avg\n");
        for (FunctionFigures f : figures) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.1f,%.3f,%d,%.1f,%.3f%n",
                    f.label(), f.invocations(), f.p50(), f.p90(), f.p99(), f.max(), f.avg(), f.billedAvg(),
                    f.maxMemoryUsedMb(), f.initAvg(), f.coldStarts(), f.insightsMemoryMaxMb(), f.insightsCpuMsAvg()));
        }
        return csv.toString();
    }

    public static String markdown(List<FunctionFigures> figures, String stack, String window) {
        StringBuilder md = new StringBuilder("# AWS report: what tracing costs per invocation\n\n");
        md.append("Stack `").append(stack).append("`, window ").append(window)
                .append(" (epoch seconds). From the REPORT lines (Logs Insights) and Lambda Insights.\n\n");
        md.append("| function | invocations | duration p50 | p90 | p99 | avg | billed avg | max memory used MB "
                + "| init avg ms | cold starts | Insights memory max MB | Insights CPU ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FunctionFigures f : figures) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %d | %.0f | %.2f |%n", f.label(),
                    f.invocations(), f.p50(), f.p90(), f.p99(), f.avg(), f.billedAvg(), f.maxMemoryUsedMb(),
                    f.initAvg(), f.coldStarts(), f.insightsMemoryMaxMb(), f.insightsCpuMsAvg()));
        }
        // Each function against the baseline that isolates its tracing: the seed pair's own for the seed pair (the
        // same Python handler), the Java one for the others.
        for (FunctionFigures other : figures) {
            String base = baselineOf(other.label());
            if (!other.label().equals(base)) {
                find(figures, base).ifPresent(
                        baseline -> md.append(LabReport.comparison(baseline.asContestant(), other.asContestant())));
            }
        }
        for (String traced : List.of("traced", "seed-adot")) {
            find(figures, baselineOf(traced)).ifPresent(baseline -> find(figures, traced).ifPresent(
                    function -> md.append(LabReport.conclusions(baseline.asContestant(), function.asContestant()))));
        }
        return md.toString();
    }

    private static String baselineOf(String label) {
        return label.startsWith("seed-") ? "seed-baseline" : "baseline";
    }

    private static Optional<FunctionFigures> find(List<FunctionFigures> figures, String label) {
        return figures.stream().filter(f -> f.label().equals(label)).findFirst();
    }

    private static FunctionFigures figures(String label, Path raw) throws IOException {
        Map<String, String> summary = firstRow(JSON.readTree(raw.resolve(label + "-report-summary.json").toFile()));
        JsonNode series = JSON.readTree(raw.resolve(label + "-report-series.json").toFile()).path("results");
        JsonNode insights = JSON.readTree(raw.resolve(label + "-insights.json").toFile()).path("MetricDataResults");

        List<LabCharts.Point> durations = new ArrayList<>();
        Instant seriesStart = null;
        for (JsonNode row : series) {
            Map<String, String> fields = fields(row);
            Instant at = Instant.parse(fields.get("t").replace(" ", "T") + (fields.get("t").endsWith("Z") ? "" : "Z"));
            seriesStart = seriesStart == null ? at : seriesStart;
            durations.add(new LabCharts.Point(minutesBetween(seriesStart, at), number(fields.get("p50"))));
        }
        List<LabCharts.Point> memory = metric(insights, "memory");
        List<LabCharts.Point> cpu = metric(insights, "cpu");
        return new FunctionFigures(label, (long) number(summary.get("invocations")), number(summary.get("p50")),
                number(summary.get("p90")), number(summary.get("p99")), number(summary.get("max")),
                number(summary.get("avg")), number(summary.get("billedAvg")), number(summary.get("maxMemoryUsedMb")),
                number(summary.get("initAvg")), (long) number(summary.get("coldStarts")),
                memory.stream().mapToDouble(LabCharts.Point::y).max().orElse(Double.NaN),
                cpu.stream().mapToDouble(LabCharts.Point::y).average().orElse(Double.NaN), memory, cpu, durations);
    }

    /** get-metric-data returns newest first; the charts want oldest first, in minutes from the first datapoint. */
    private static List<LabCharts.Point> metric(JsonNode results, String id) {
        for (JsonNode result : results) {
            if (!id.equals(result.path("Id").asText())) {
                continue;
            }
            List<Instant> times = new ArrayList<>();
            result.path("Timestamps").forEach(node -> times.add(OffsetDateTime.parse(node.asText()).toInstant()));
            List<Double> values = new ArrayList<>();
            result.path("Values").forEach(node -> values.add(node.asDouble()));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < Math.min(times.size(), values.size()); i++) {
                order.add(i);
            }
            order.sort((a, b) -> times.get(a).compareTo(times.get(b)));
            List<LabCharts.Point> points = new ArrayList<>();
            for (int i : order) {
                points.add(new LabCharts.Point(minutesBetween(times.get(order.get(0)), times.get(i)), values.get(i)));
            }
            return points;
        }
        return List.of();
    }

    private static Map<String, String> firstRow(JsonNode queryResults) {
        JsonNode results = queryResults.path("results");
        return results.isEmpty() ? Map.of() : fields(results.get(0));
    }

    private static Map<String, String> fields(JsonNode row) {
        Map<String, String> fields = new LinkedHashMap<>();
        row.forEach(cell -> fields.put(cell.path("field").asText(), cell.path("value").asText()));
        return fields;
    }

    private static double number(String value) {
        if (value == null || value.isBlank()) {
            return Double.NaN;
        }
        return Double.parseDouble(value);
    }

    private static double minutesBetween(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) / 60.0;
    }

    private static int rank(String label) {
        return switch (label) {
            case "traced" -> 0;
            case "baseline" -> 1;
            case "seed-adot" -> 3;
            case "seed-baseline" -> 4;
            default -> 2;
        };
    }

    private AwsReport() {
    }
}
