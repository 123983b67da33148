package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The deploy kit's scripts pass shellcheck (Debian's package; .ci/run installs it), and report.sh refuses bad input.
 */
class ShellScriptsTest {

    @Test
    void scriptsPassShellcheck() throws Exception {
        boolean installed = isInstalled("shellcheck");
        if (System.getenv("CI") == null) {
            assumeTrue(installed, "shellcheck is not installed (apt-get install shellcheck); .ci/run installs it");
        }
        assertTrue(installed, "shellcheck must be installed in CI");

        Process process = new ProcessBuilder("shellcheck", "deploy/distribute.sh", "deploy/report.sh")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, process.exitValue(), output);
    }

    @Test
    void reportWithoutAStackOrAWindowExitsWithCode2() throws Exception {
        assertEquals(2, run(List.of()).exitValue());
        Process noWindow = run(List.of("-s", "never-driven"), "XDG_STATE_HOME", "/nonexistent");
        String output = new String(noWindow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, noWindow.exitValue(), output);
        assertTrue(output.contains("run distribute.sh first") || output.contains("aws CLI is not on PATH"), output);
        Process badWindow = run(List.of("-s", "x", "-f", "200", "-t", "100"));
        String badOutput = new String(badWindow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, badWindow.exitValue(), badOutput);
    }

    private static Process run(List<String> arguments, String... environment) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "deploy/report.sh"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i + 1 < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process;
    }

    private static boolean isInstalled(String tool) {
        try {
            DistributeScriptTest.which(tool);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
