package dev.lambdatrace.tracing.xray;

import java.util.Arrays;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;

/**
 * Time per header: our parent context against contrib's {@link AwsXrayLambdaPropagator}, both reading the system
 * property Lambda's runtime loop sets. Not a test (surefire does not pick it up) and not JMH: {@value #WARMUP_RUNS}
 * warm-up runs, then {@value #RUNS} runs of {@value #CALLS} calls each, ours and contrib's taking turns so that load
 * from elsewhere falls on both; it prints the median and the fastest run, in ns per call. Run it after
 * {@code ./mvnw -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt} with {@code java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) dev.lambdatrace.tracing.xray.XrayHeaderTimes}.
 */
public final class XrayHeaderTimes {

    static final int CALLS = 1_000_000;
    static final int WARMUP_RUNS = 3;
    static final int RUNS = 9;
    static final String R = "Root=1-5759e988-bd862e3fe1be46a994272793";
    static final String P = "Parent=53995c3f42cd8ad8";
    static final String[][] HEADERS = {
            { "Lambda's, sampled", R + ";" + P + ";Sampled=1" },
            { "Lambda's, unsampled", R + ";" + P + ";Sampled=0" },
            { "with Lineage", R + ";" + P + ";Sampled=1;Lineage=1:a87bd80c:0" },
            { "Root only", R + ";Sampled=1" },
            { "lower-case keys", "root=1-5759E988-BD862E3FE1BE46A994272793;parent=53995C3F42CD8AD8;sampled=1" },
            { "garbage", "garbage" },
            { "Lineage contrib throws on", R + ";" + P + ";Lineage=12345:abcdef01:;Sampled=1" },
    };

    private static long sink;

    public static void main(String[] args) {
        System.out.printf("%-26s %20s %20s%n", "header", "ours median (min)", "contrib median (min)");
        for (String[] header : HEADERS) {
            System.setProperty(LambdaTraceHeader.SYSTEM_PROPERTY, header[1]);
            Runnable ours = () -> consume(LambdaTraceHeader.parentContext(LambdaTraceHeader.current()));
            Runnable contrib = () -> {
                try {
                    consume(AwsXrayLambdaPropagator.getInstance()
                            .extract(Context.root(), Map.of(), AwsXrayPropagatorComparisonTest.MapGetter.INSTANCE));
                } catch (RuntimeException e) {
                    sink++;
                }
            };
            for (int run = 0; run < WARMUP_RUNS; run++) {
                time(ours);
                time(contrib);
            }
            double[] oursTimes = new double[RUNS];
            double[] contribTimes = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                oursTimes[run] = time(ours);
                contribTimes[run] = time(contrib);
            }
            System.out.printf("%-26s %20s %20s%n", header[0], summary(oursTimes), summary(contribTimes));
        }
        LambdaTraceHeader.clear();
        System.out.println("ns per call; " + RUNS + " runs of " + CALLS + " calls after " + WARMUP_RUNS
                + " warm-up runs (" + (sink & 1) + ")");
    }

    private static double time(Runnable call) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / (double) CALLS;
    }

    private static String summary(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return String.format("%.0f (%.0f)", sorted[sorted.length / 2], sorted[0]);
    }

    private static void consume(Context context) {
        sink += Span.fromContext(context).getSpanContext().getTraceId().hashCode();
    }


    private XrayHeaderTimes() {
    }
}
