package dev.lambdatrace.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.LabCharts;
import dev.lambdatrace.lab.report.LabReport;
import dev.lambdatrace.lab.report.LabResults;
import dev.lambdatrace.lab.run.CollectorMode;
import dev.lambdatrace.lab.run.LabRun;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * The local lab: the ADOT end-to-end performance test re-created on one machine. Run it with {@code ./mvnw -Plab
 * verify}; settings come from system properties ({@code lab.n}, {@code lab.warmup}, {@code lab.collector},
 * {@code lab.sync-delay-ms}, {@code lab.xray-delay-ms}, {@code lab.contestants}, {@code lab.freeze}, {@code lab.gap-ms},
 * {@code lab.sink-idle-timeout-ms}, {@code lab.cold-starts}).
 */
public final class Lab {

    public static void main(String[] args) throws Exception {
        LabSettings settings;
        List<Contestant> contestants;
        try {
            settings = settingsFromSystemProperties();
            contestants = Contestants.named(settings.contestants());
        } catch (IllegalArgumentException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(2);
            return;
        }
        LabPaths paths = LabPaths.ofBuild();
        Files.createDirectories(paths.output());
        System.out.println("lab: " + settings);
        LabRun run = new LabRun(paths, settings, line -> System.out.println("lab: " + line));
        LabResults results = run.execute(contestants);
        write(paths.output(), results, run);
        System.out.println();
        System.out.println(LabReport.markdown(results));
        System.out.println("lab: wrote " + paths.output().resolve("report.md") + ", results.json and 5 charts");
    }

    public static void write(Path output, LabResults results, LabRun run) throws java.io.IOException {
        Files.createDirectories(output);
        new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(output.resolve("results.json").toFile(), results);
        Files.writeString(output.resolve("report.md"), LabReport.markdown(results));
        LabCharts.write(output, run.measurements(), results.settings().sampleEvery());
    }

    public static LabSettings settingsFromSystemProperties() {
        int n = intProperty("lab.n", 2_000);
        return new LabSettings(n, intProperty("lab.warmup", Math.min(500, Math.max(20, n / 10))),
                CollectorMode.parse(System.getProperty("lab.collector", "fast")),
                Duration.ofMillis(intProperty("lab.sync-delay-ms", 10)),
                Duration.ofMillis(intProperty("lab.xray-delay-ms", (int) LabSettings.DEFAULT_XRAY_DELAY.toMillis())),
                Math.max(1, n / 100),
                Duration.ofSeconds(30),
                Arrays.asList(System.getProperty("lab.contestants", String.join(",", Contestants.ALL)).split(",")),
                Boolean.parseBoolean(System.getProperty("lab.freeze", "true").trim()),
                Duration.ofMillis(intProperty("lab.gap-ms", 5)),
                Duration.ofMillis(intProperty("lab.sink-idle-timeout-ms", 0)), intProperty("lab.cold-starts", 5));
    }

    private static int intProperty(String name, int defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private Lab() {
    }
}
