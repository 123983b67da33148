package dev.lambdatrace.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.tools.ProjectTools;

/**
 * The machine and the versions a lab run used, for the report.
 */
public final class LabEnvironment {

    private static final Pattern QUARKUS = Pattern.compile("io\\.quarkus\\.quarkus-core-(.+)\\.jar");
    private static final Pattern OTEL_SDK = Pattern.compile("io\\.opentelemetry\\.opentelemetry-sdk-(\\d.*)\\.jar");
    private static final Pattern UPSTREAM = Pattern.compile("opentelemetry-aws-lambda-core-([^/]+)\\.jar");
    private static final Pattern OTELCOL = Pattern.compile("collector/receiver/otlpreceiver (v\\S+)");
    private static final Pattern PYTHON = Pattern.compile("^version = (\\S+)");
    private static final Pattern ADOT_PYTHON = Pattern.compile("^aws-opentelemetry-distro==(\\S+)");

    public static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return machine;
    }

    /** The versions the contestants actually ran: read off the jars the builds put on their classpaths. */
    public static Map<String, String> versions(LabPaths paths) {
        Map<String, String> versions = new LinkedHashMap<>();
        List<String> functionJars = jarNames(paths.function().target().resolve("lib"));
        versions.put("quarkus", firstMatch(QUARKUS, functionJars).orElse("unknown"));
        versions.put("opentelemetry-sdk", firstMatch(OTEL_SDK, functionJars).orElse("unknown"));
        versions.put("upstream-aws-lambda-instrumentation",
                firstMatch(UPSTREAM, List.of(paths.peerClasspath().orElse("").split(java.io.File.pathSeparator)))
                        .orElse("not built"));
        versions.put("otelcol", lineMatch(ProjectTools.repositoryRoot().resolve("src/tools/collector/manifest.yaml"),
                OTELCOL).orElse("unknown"));
        versions.put("python", lineMatch(paths.output().resolve("seed-venv/pyvenv.cfg"), PYTHON).orElse("no seed venv"));
        versions.put("aws-opentelemetry-distro", lineMatch(ProjectTools.repositoryRoot()
                .resolve("src/lab/seed/requirements.in"), ADOT_PYTHON).orElse("unknown"));
        return versions;
    }

    /** The first match of {@code pattern} in a line of {@code file}, if the file is there. */
    private static Optional<String> lineMatch(Path file, Pattern pattern) {
        try {
            return Files.exists(file) ? firstMatch(pattern, Files.readAllLines(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> jarNames(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> firstMatch(Pattern pattern, List<String> names) {
        for (String name : names) {
            Matcher matcher = pattern.matcher(name);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private LabEnvironment() {
    }
}
