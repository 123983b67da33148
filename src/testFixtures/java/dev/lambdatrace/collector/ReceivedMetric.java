package dev.lambdatrace.collector;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * One metric as an OTLP receiver decoded it: its name, and the values of its sum or gauge points.
 */
public record ReceivedMetric(String name, List<Double> values) {

    static List<ReceivedMetric> allOf(ExportMetricsServiceRequest export) {
        List<ReceivedMetric> received = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList()
                            : metric.hasGauge() ? metric.getGauge().getDataPointsList() : List.of();
                    received.add(new ReceivedMetric(metric.getName(), points.stream()
                            .map(point -> point.hasAsInt() ? (double) point.getAsInt() : point.getAsDouble())
                            .toList()));
                }
            }
        }
        return received;
    }
}
