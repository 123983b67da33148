package dev.lambdatrace.lab;

import java.io.IOException;
import java.nio.file.Path;
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

/**
 * Draws the original write-up's three charts (memory, CPU, duration per invocation, one series per contestant) and a
 * client latency CDF, as PNG.
 */
final class LabCharts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    static void write(Path directory, Map<String, Measurements> measurements, int window) throws IOException {
        System.setProperty("java.awt.headless", "true");
        save(directory.resolve("memory.png"), line("Memory per invocation", "RSS (MB)",
                sampleSeries(measurements, Measurements.Sample::rssMb)));
        save(directory.resolve("cpu.png"), line("CPU time per invocation", "CPU (ms per invocation)",
                sampleSeries(measurements, Measurements.Sample::cpuMsPerInvocation)));
        save(directory.resolve("duration.png"), line("Duration per invocation (median of each " + window
                + " invocations)", "duration (ms)", windowedMedians(measurements, window)));
        JFreeChart cdf = ChartFactory.createXYLineChart("Latency as the client sees it (CDF)", "latency (ms, log)",
                "fraction of invocations", latencyCdf(measurements), PlotOrientation.VERTICAL, true, false, false);
        cdf.getXYPlot().setDomainAxis(new LogAxis("latency (ms, log)"));
        save(directory.resolve("latency-cdf.png"), cdf);
    }

    private static JFreeChart line(String title, String yLabel, XYSeriesCollection data) {
        return ChartFactory.createXYLineChart(title, "invocation", yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
    }

    private static XYSeriesCollection sampleSeries(Map<String, Measurements> measurements,
            ToDoubleFunction<Measurements.Sample> value) {
        XYSeriesCollection collection = new XYSeriesCollection();
        measurements.forEach((name, measured) -> {
            XYSeries series = new XYSeries(name);
            for (Measurements.Sample sample : measured.samples) {
                series.add(sample.invocation(), value.applyAsDouble(sample));
            }
            collection.addSeries(series);
        });
        return collection;
    }

    private static XYSeriesCollection windowedMedians(Map<String, Measurements> measurements, int window) {
        XYSeriesCollection collection = new XYSeriesCollection();
        measurements.forEach((name, measured) -> {
            XYSeries series = new XYSeries(name);
            List<Double> durations = measured.durationsMs;
            for (int start = 0; start + window <= durations.size(); start += window) {
                double[] sorted = durations.subList(start, start + window).stream().mapToDouble(Double::doubleValue)
                        .sorted().toArray();
                series.add(start + window, Percentiles.rank(sorted, 50));
            }
            collection.addSeries(series);
        });
        return collection;
    }

    private static XYSeriesCollection latencyCdf(Map<String, Measurements> measurements) {
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
        return collection;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }


    private LabCharts() {
    }
}
