package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tools.ProjectTools;

/**
 * The deploy kit's scripts pass ShellCheck (src/tools/shellcheck installs it from PyPI) and avoid bash 3.2's
 * empty-array trap, and report.sh refuses bad input.
 */
class ShellScriptsTest {

    @Test
    void scriptsPassShellcheck() throws Exception {
        Process process = new ProcessBuilder(ProjectTools.shellcheck().toString(), "deploy/distribute.sh",
                "deploy/report.sh", "src/tools/cfn-lint/install.sh", "src/tools/collector/install.sh",
                "src/tools/rie/install.sh", "src/tools/shellcheck/install.sh",
                "src/lab/seed/install.sh", "src/lab/seed/otel-instrument.sh", ".ci/run",
                "src/tools/sam-events/generate.sh",
                "src/function/src/test/resources/deploy/fake-aws-for-report.sh")
                .directory(ProjectTools.repositoryRoot().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, process.exitValue(), output);
    }

    /**
     * macOS still ships bash 3.2, which under {@code set -u} calls {@code "${a[@]}"} of an empty array an unbound
     * variable (bash 4.4 stopped doing so). There is no bash 3.2 here and the bash here cannot show the error, so this
     * reads the scripts instead: no array is expanded whole unless guarded as {@code ${a[@]+"${a[@]}"}}.
     */
    @Test
    void noScriptExpandsAWholeArrayUnguardedBecauseBash32CallsAnEmptyOneUnbound() throws IOException {
        Pattern guarded = Pattern.compile("\\$\\{(\\w+)\\[[@*]]\\+\"\\$\\{\\1\\[[@*]]}\"}");
        Pattern whole = Pattern.compile("\\$\\{\\w+\\[[@*]]}");
        for (String script : List.of("deploy/distribute.sh", "deploy/report.sh")) {
            List<String> lines = Files.readAllLines(ProjectTools.repositoryRoot().resolve(script));
            for (int i = 0; i < lines.size(); i++) {
                String unguarded = guarded.matcher(lines.get(i)).replaceAll("");
                assertFalse(whole.matcher(unguarded).find(), script + ":" + (i + 1) + ": " + lines.get(i));
            }
        }
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
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                ProjectTools.repositoryRoot().resolve("deploy/report.sh").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i + 1 < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process;
    }
}
