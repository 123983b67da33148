package dev.lambdatrace.lab.contestants;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The venv's python, installing it first if it is missing or its pins changed. */
    static Path python(LabPaths paths) {
        return INSTALLED.computeIfAbsent(paths.output().resolve("seed-venv").toAbsolutePath(), SeedVenv::install);
    }

    /** {@code src/lab/seed}: the launcher, the wrapper and the pins. */
    static Path seedDirectory() {
        return ProjectTools.repositoryRoot().resolve("src/lab/seed");
    }

    private static Path install(Path venv) {
        try {
            return ProjectTools.runInstaller(seedDirectory().resolve("install.sh"), venv.toString());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the seed contestants need their Python environment: " + e.getMessage(), e);
        }
    }

    private SeedVenv() {
    }
}
