package dev.lambdatrace.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import dev.lambdatrace.lab.measure.Percentiles;
import dev.lambdatrace.lab.run.Measurements;

/**
 * Draws the original write-up's three charts (memory, CPU, duration per invocation, one series per contestant, with
 * the duration as response and as done) and a client latency CDF, as PNG. The AWS report draws its charts with the same {@link #line} method.
 */
public final class LabCharts {

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 560;

    /** One point of a series. */
    public record Point(double x, double y) {
    }

    public static void write(Path directory, Map<String, Measurements> measurements, int window) throws IOException {
        line(directory.resolve("memory.png"), "Sandbox memory per invocation (function plus collector layer)",
                "invocation", "RSS (MB)", samples(measurements, Measurements.Sample::sandboxRssMb));
        line(directory.resolve("cpu.png"), "Sandbox CPU time per invocation (function plus collector layer)",
                "invocation", "CPU (ms per invocation)",
                samples(measurements, Measurements.Sample::sandboxCpuMsPerInvocation));
        line(directory.resolve("duration.png"),
                "Response per invocation, what the caller waits for (median of every " + window + " invocations)",
                "invocation", "response (ms)", windowedMedians(measurements, window, measured -> measured.durationsMs));
        line(directory.resolve("done.png"),
                "Done per invocation, until the sandbox may freeze (median of every " + window + " invocations)",
                "invocation", "done (ms)", windowedMedians(measurements, window, measured -> measured.doneMs));
        latencyCdf(directory.resolve("latency-cdf.png"), measurements);
    }

    /** A line chart with one series per entry, in the map's order. */
    public static void line(Path file, String title, String xLabel, String yLabel, Map<String, List<Point>> series)
            throws IOException {
        XYSeriesCollection collection = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries xy = new XYSeries(name);
            points.forEach(point -> xy.add(point.x(), point.y()));
            collection.addSeries(xy);
        });
        save(file, ChartFactory.createXYLineChart(title, xLabel, yLabel, collection, PlotOrientation.VERTICAL, true,
                false, false));
    }

    private static Map<String, List<Point>> samples(Map<String, Measurements> measurements,
            ToDoubleFunction<Measurements.Sample> value) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        measurements.forEach((name, measured) -> series.put(name, measured.samples.stream()
                .map(sample -> new Point(sample.invocation(), value.applyAsDouble(sample))).toList()));
        return series;
    }

    private static Map<String, List<Point>> windowedMedians(Map<String, Measurements> measurements, int window,
            java.util.function.Function<Measurements, List<Double>> figure) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        measurements.forEach((name, measured) -> {
            List<Point> points = new ArrayList<>();
            List<Double> durations = figure.apply(measured);
            for (int start = 0; start + window <= durations.size(); start += window) {
                double[] sorted = durations.subList(start, start + window).stream().mapToDouble(Double::doubleValue)
                        .sorted().toArray();
                points.add(new Point(start + window, Percentiles.rank(sorted, 50)));
            }
            series.put(name, points);
        });
        return series;
    }

    private static void latencyCdf(Path file, Map<String, Measurements> measurements) throws IOException {
        XYSeriesCollection collection = new XYSeriesCollection();
        measurements.forEach((name, measured) -> {
            double[] sorted = measured.clientLatenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            XYSeries series = new XYSeries(name);
            // At most ~500 points a series keeps the PNG readable for 100,000 invocations.
            int step = Math.max(1, sorted.length / 500);
            for (int i = 0; i < sorted.length; i += step) {
                series.add(Math.max(sorted[i], 0.001), (i + 1) / (double) sorted.length);
            }
            if (sorted.length > 0) {
                series.add(Math.max(sorted[sorted.length - 1], 0.001), 1.0);
            }
            collection.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart("Latency as the client sees it (CDF)", "latency (ms, log)",
                "fraction of invocations", collection, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setDomainAxis(new LogAxis("latency (ms, log)"));
        save(file, chart);
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private LabCharts() {
    }
}
