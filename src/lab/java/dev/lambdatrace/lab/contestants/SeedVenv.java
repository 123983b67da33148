package dev.lambdatrace.lab.contestants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.tools.ProjectTools;

/**
 * The seed contestants' Python: a virtual environment that {@code src/lab/seed/install.sh} builds once from the
 * hash-pinned requirements, under the lab's output directory, and whose interpreter it prints. Installed the first
 * time the lab needs it; one that cannot be installed fails the run with the script's own words, never skips the
 * seed.
 */
final class SeedVenv {

    private static final Map<Path, Path> INSTALLED = new ConcurrentHashMap<>();
    // 81 wheels from PyPI on a cold pip cache: about 30 s here.
    private static final long INSTALL_LIMIT_MINUTES = 10;

    /** The venv's python, installing it first if it is missing or its pins changed. */
    static Path python(LabPaths paths) {
        return INSTALLED.computeIfAbsent(paths.output().resolve("seed-venv").toAbsolutePath(), SeedVenv::install);
    }

    /** {@code src/lab/seed}: the launcher, the wrapper and the pins. */
    static Path seedDirectory() {
        return ProjectTools.repositoryRoot().resolve("src/lab/seed");
    }

    private static Path install(Path venv) {
        Path script = seedDirectory().resolve("install.sh");
        try {
            Path errors = Files.createTempFile("seed-install-", ".log");
            Process process = new ProcessBuilder("bash", script.toString(), venv.toString())
                    .redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(INSTALL_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " took longer than " + INSTALL_LIMIT_MINUTES + " minutes");
            }
            String log = Files.readString(errors);
            Files.deleteIfExists(errors);
            Path python = out.isEmpty() ? null : Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
            if (process.exitValue() != 0 || python == null || !Files.isExecutable(python)) {
                throw new IllegalStateException("the seed contestants need their Python environment, and "
                        + "src/lab/seed/install.sh failed (exit " + process.exitValue() + "): " + log + out);
            }
            return python;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + script + " ran", e);
        }
    }

    private SeedVenv() {
    }
}
