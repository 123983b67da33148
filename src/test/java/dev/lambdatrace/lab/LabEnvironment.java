package dev.lambdatrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.quarkus.runtime.Quarkus;

/**
 * The machine and the versions a lab run used, for the report.
 */
final class LabEnvironment {

    // Keep in step with src/lab/peer/pom.xml.
    static final String UPSTREAM_INSTRUMENTATION_VERSION = "2.23.0-alpha";

    static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return machine;
    }

    static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("quarkus", String.valueOf(Quarkus.class.getPackage().getImplementationVersion()));
        versions.put("opentelemetry-sdk",
                Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version")));
        versions.put("upstream-aws-lambda-instrumentation", UPSTREAM_INSTRUMENTATION_VERSION);
        return versions;
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
